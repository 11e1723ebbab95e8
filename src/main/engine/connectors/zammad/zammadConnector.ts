/**
 * Zammad: watched tickets found by search (owner, group name or ids; needs Zammad's Elasticsearch), articles read
 * per changed ticket. The article's sender decides the role (Customer, Agent, System); internal notes are the
 * analyst's. Internal notes are posted as `note` articles with `internal: true`.
 *
 * Push: Zammad's websocket (`/ws`) serves browser sessions (cookie login, its own spool protocol), not API tokens, so
 * this connector polls. A push channel would call `this.wake.wake()` on each ticket update, as Chatwoot's does.
 */
import type { SecretStore } from '../../host'
import type { ZammadConfig } from '../connectionConfig'
import type { ConnectorOptions } from '../connectorOptions'
import { connectorHttpClient } from '../connectorOptions'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult } from '../liveConnector'
import { failedTest } from '../liveConnector'
import { capText } from '../messageText'
import { WindowConnector } from '../polling/windowConnector'
import { ZammadAdapter } from './zammadAdapter'
import type { ZammadTicket } from './zammadAdapter'
import { ZammadApi } from './zammadApi'
import { searchQuery } from './zammadMapping'

export class ZammadConnector extends WindowConnector<ZammadTicket> {
  readonly system = 'zammad'
  private readonly api: ZammadApi

  constructor(
    protected override readonly config: ZammadConfig,
    secrets: SecretStore,
    options: ConnectorOptions
  ) {
    super(config, options)
    this.api = new ZammadApi(
      connectorHttpClient(config, secrets, options, {
        apiBase: `${config.baseUrl}/api/v1`,
        authorize: (token) => ({ authorization: `Token token=${token}` })
      })
    )
  }

  protected adapter(): ZammadAdapter {
    return new ZammadAdapter(this.api, this.config, this.team, this.counters)
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    if (!/^\d+$/.test(ticketId)) {
      throw new ConnectorError(`"${ticketId}" is not a Zammad ticket id.`, { problem: 'rejected' })
    }
    await this.api.addInternalNote(Number(ticketId), capText(text).text)
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    try {
      const { user } = await this.api.me(signal)
      await this.api.searchTickets(
        searchQuery(this.config.watch, new Date().toISOString(), user.id),
        1,
        signal
      )
      const name =
        [user.firstname, user.lastname].filter(Boolean).join(' ') || user.login || `user ${user.id}`
      return {
        ok: true,
        message: `Connected to Zammad at ${this.config.baseUrl} as ${name}. Internal notes are posted as internal note articles.`
      }
    } catch (error) {
      if (error instanceof ConnectorError && error.problem === 'forbidden') {
        return {
          ok: false,
          problem: 'forbidden',
          message: `${error.message} Vigil needs the token's user to have the ticket.agent permission and access to the watched group.`
        }
      }
      return failedTest(error)
    }
  }
}
