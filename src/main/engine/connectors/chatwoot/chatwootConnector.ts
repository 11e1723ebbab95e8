/**
 * Chatwoot: conversations (assigned to me, a team, or by id) polled by last activity, messages read newest first;
 * with `live`, the ActionCable websocket wakes the poller the moment something happens. Incoming messages are the
 * customer's, outgoing ones the agent's or an agent bot's, activity messages the system's, private messages internal
 * notes. Internal notes are posted as private messages. Auth: the agent's access token (`api_access_token`).
 */
import type { SecretStore } from '../../host'
import type { ChatwootConfig } from '../connectionConfig'
import type { ConnectorDelivery } from '../connector'
import type { ConnectorOptions } from '../connectorOptions'
import { connectorHttpClient } from '../connectorOptions'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult } from '../liveConnector'
import { failedTest } from '../liveConnector'
import { capText } from '../messageText'
import { WindowConnector } from '../polling/windowConnector'
import { ChatwootAdapter } from './chatwootAdapter'
import type { ChatwootTicket } from './chatwootAdapter'
import { ChatwootApi } from './chatwootApi'
import { runCable } from './chatwootCable'
import { listFilter } from './chatwootMapping'

export class ChatwootConnector extends WindowConnector<ChatwootTicket> {
  readonly system = 'chatwoot'
  private readonly api: ChatwootApi
  private readonly disposed = new AbortController()

  constructor(
    protected override readonly config: ChatwootConfig,
    secrets: SecretStore,
    options: ConnectorOptions
  ) {
    super(config, options)
    const client = connectorHttpClient(config, secrets, options, {
      apiBase: `${config.baseUrl}/api/v1`,
      authorize: (token) => ({ api_access_token: token })
    })
    this.api = new ChatwootApi(client, config.accountId)
  }

  protected adapter(): ChatwootAdapter {
    return new ChatwootAdapter(this.api, this.config, this.team, this.counters)
  }

  /** The websocket lives as long as this stream: a stream that failed and is started again opens a new one. */
  override async *events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    const stream = new AbortController()
    if (this.config.live) void this.listen(AbortSignal.any([signal, this.disposed.signal, stream.signal]))
    try {
      yield* super.events(cursor, signal)
    } finally {
      stream.abort()
    }
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    if (!/^\d+$/.test(ticketId)) {
      throw new ConnectorError(`"${ticketId}" is not a Chatwoot conversation id.`, { problem: 'rejected' })
    }
    await this.api.addPrivateNote(Number(ticketId), capText(text).text)
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    try {
      const { profile } = await this.api.profile(signal)
      const watch = this.config.watch
      if (watch.kind === 'tickets') await this.api.conversation(Number(watch.ids[0]), signal)
      else await this.api.conversations(listFilter(watch), 1, signal)
      return {
        ok: true,
        message: `Connected to Chatwoot at ${this.config.baseUrl} (account ${this.config.accountId}) as ${profile.name ?? profile.email ?? `agent ${profile.id}`}. Internal notes are posted as private messages.`
      }
    } catch (error) {
      if (
        error instanceof ConnectorError &&
        (error.problem === 'not-found' || error.problem === 'forbidden')
      ) {
        return {
          ok: false,
          problem: error.problem,
          message: `${error.message} Check the account id (${this.config.accountId}) and that this agent belongs to that account.`
        }
      }
      return failedTest(error)
    }
  }

  override dispose(): void {
    this.disposed.abort()
  }

  /** Without a pubsub token (or when the socket fails) polling alone goes on: slower, but nothing is lost. */
  private async listen(signal: AbortSignal): Promise<void> {
    try {
      const { profile } = await this.api.profile(signal)
      if (!profile.pubsub_token || signal.aborted) return
      const url = new URL('/cable', this.config.baseUrl)
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
      runCable(
        {
          url: url.toString(),
          origin: new URL(this.config.baseUrl).origin,
          subscription: {
            pubsub_token: profile.pubsub_token,
            account_id: this.config.accountId,
            user_id: profile.id
          },
          onWake: () => this.wake.wake(),
          onState: (state) => this.counters.pushState(state),
          counters: this.counters,
          ...(this.options.webSocket ? { webSocket: this.options.webSocket } : {})
        },
        signal
      )
    } catch {
      this.counters.pushState('closed')
    }
  }
}
