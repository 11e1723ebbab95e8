/**
 * Freshdesk: tickets polled with `updated_since` (the watch filter applied here: responder, group id or ids),
 * conversations read per changed ticket. The description is the requester's first message; incoming replies are the
 * customer's; agent replies and private notes the analyst's. Internal notes are posted as private notes. Auth: the
 * API key as Basic user name.
 */
import type { SecretStore } from '../../host'
import type { FreshdeskConfig } from '../connectionConfig'
import type { ConnectorOptions } from '../connectorOptions'
import { connectorHttpClient } from '../connectorOptions'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult } from '../liveConnector'
import { failedTest } from '../liveConnector'
import { capText } from '../messageText'
import { WindowConnector } from '../polling/windowConnector'
import { FreshdeskAdapter } from './freshdeskAdapter'
import type { FreshdeskTicket } from './freshdeskAdapter'
import { FreshdeskApi } from './freshdeskApi'

export class FreshdeskConnector extends WindowConnector<FreshdeskTicket> {
  readonly system = 'freshdesk'
  private readonly api: FreshdeskApi

  constructor(
    protected override readonly config: FreshdeskConfig,
    secrets: SecretStore,
    options: ConnectorOptions
  ) {
    super(config, options)
    this.api = new FreshdeskApi(
      connectorHttpClient(config, secrets, options, {
        apiBase: `${config.baseUrl}/api/v2`,
        authorize: (token) => ({ authorization: `Basic ${Buffer.from(`${token}:X`).toString('base64')}` })
      })
    )
  }

  protected adapter(): FreshdeskAdapter {
    return new FreshdeskAdapter(this.api, this.config, this.team, this.counters)
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    if (!/^\d+$/.test(ticketId)) {
      throw new ConnectorError(`"${ticketId}" is not a Freshdesk ticket id.`, { problem: 'rejected' })
    }
    await this.api.addPrivateNote(Number(ticketId), capText(text).text)
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    try {
      const { agent } = await this.api.me(signal)
      const watch = this.config.watch
      let watching = 'tickets assigned to this agent'
      if (watch.kind === 'group') {
        try {
          watching = `the group "${(await this.api.group(watch.group, signal)).name}"`
        } catch (error) {
          if (error instanceof ConnectorError && error.problem === 'not-found') {
            return {
              ok: false,
              problem: 'not-found',
              message: `Freshdesk has no group with id ${watch.group}. Use the group's number, shown in its admin page URL.`
            }
          }
          throw error
        }
      } else if (watch.kind === 'tickets') {
        await this.api.ticket(Number(watch.ids[0]), signal)
        watching = `${watch.ids.length} ticket${watch.ids.length === 1 ? '' : 's'}`
      }
      const name = agent.contact?.name ?? agent.contact?.email ?? `agent ${agent.id}`
      return {
        ok: true,
        message: `Connected to Freshdesk at ${this.config.baseUrl} as ${name}; watching ${watching}. Internal notes are posted as private notes.`
      }
    } catch (error) {
      return failedTest(error)
    }
  }
}
