/**
 * Request Tracker 5 through REST2 (`<RT>/REST/2.0`, `Authorization: token <token>`): transactions polled by id,
 * requestors' correspondence as the customer's, staff correspondence and all comments as the analyst's, a Status
 * transaction to `resolved` as the resolution; internal notes are RT comments, which requestors never see.
 */
import type { SecretStore } from '../../host'
import type { RequestTrackerConfig } from '../connectionConfig'
import { tokenSecretKey } from '../connectionConfig'
import type { ConnectorDelivery } from '../connector'
import { ConnectorCounters } from '../connectorCounters'
import type { ConnectorStats } from '../connectorCounters'
import type { ConnectorOptions } from '../connectorOptions'
import { connectorHttpClient } from '../connectorOptions'
import { decodeCursor, encodeCursor } from '../cursorCodec'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult, LiveConnector } from '../liveConnector'
import { capText } from '../messageText'
import { pollingLoop } from '../polling/pollingLoop'
import { RequestTrackerApi } from './requestTrackerApi'
import { testRequestTracker } from './requestTrackerCheck'
import { RequestTrackerSource, RtState } from './requestTrackerSource'

export class RequestTrackerConnector implements LiveConnector {
  readonly system = 'request-tracker'
  readonly id: string
  private readonly counters = new ConnectorCounters()
  private readonly api: RequestTrackerApi
  private readonly source: RequestTrackerSource

  constructor(
    private readonly config: RequestTrackerConfig,
    private readonly secrets: SecretStore,
    options: ConnectorOptions
  ) {
    this.id = config.id
    this.api = new RequestTrackerApi(
      connectorHttpClient(config, secrets, options, {
        apiBase: `${config.baseUrl}/REST/2.0`,
        authorize: (token) => ({ authorization: `token ${token}` })
      })
    )
    this.source = new RequestTrackerSource(this.api, config, {
      team: config.team ?? options.defaultTeam,
      counters: this.counters,
      currentUserId: () => this.currentUserId()
    })
  }

  events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    return pollingLoop(cursor, signal, {
      source: this.source,
      decode: (text) => decodeCursor(this.system, text, RtState),
      encode: (state) => encodeCursor(this.system, state),
      intervalMs: this.config.pollIntervalMs,
      counters: this.counters
    })
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    if (!/^\d+$/.test(ticketId)) {
      throw new ConnectorError(`"${ticketId}" is not a Request Tracker ticket number.`, {
        problem: 'rejected'
      })
    }
    await this.api.comment(Number(ticketId), capText(text).text)
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    return testRequestTracker(this.api, this.config, () => this.currentUserId(), signal)
  }

  stats(): ConnectorStats {
    return this.counters.snapshot()
  }

  dispose(): void {}

  /** RT auth tokens read `<version>-<user id>-<secret>`; REST2 has no "who am I" call. */
  private async currentUserId(): Promise<number | null> {
    const token = await this.secrets.get(tokenSecretKey(this.config.id))
    const match = token ? /^\d+-(\d+)-\w+$/.exec(token.trim()) : null
    return match ? Number(match[1]) : null
  }
}
