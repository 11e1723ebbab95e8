/**
 * Zendesk Support: watched tickets found by search export (assigned to me, a group) or by id; comments polled newest
 * first. End users are customers, agents analysts; a private comment is an internal note (analyst). Internal notes
 * are posted as private comments. Authentication: an API token with the agent's e-mail (`email/token`), or an
 * OAuth bearer token when no e-mail is configured.
 */
import type { SecretStore } from '../../host'
import type { ZendeskConfig } from '../connectionConfig'
import type { ConnectorOptions } from '../connectorOptions'
import { connectorHttpClient } from '../connectorOptions'
import { ConnectorError } from '../http/connectorError'
import type { ConnectionTestResult } from '../liveConnector'
import { failedTest } from '../liveConnector'
import { capText } from '../messageText'
import { WindowConnector } from '../polling/windowConnector'
import { ZendeskAdapter } from './zendeskAdapter'
import type { ZendeskTicket } from './zendeskAdapter'
import { ZendeskApi } from './zendeskApi'
import { searchQuery } from './zendeskMapping'

export class ZendeskConnector extends WindowConnector<ZendeskTicket> {
  readonly system = 'zendesk'
  private readonly api: ZendeskApi

  constructor(
    protected override readonly config: ZendeskConfig,
    secrets: SecretStore,
    options: ConnectorOptions
  ) {
    super(config, options)
    const email = config.email
    this.api = new ZendeskApi(
      connectorHttpClient(config, secrets, options, {
        apiBase: `${config.baseUrl}/api/v2`,
        authorize: (token) => ({
          authorization: email
            ? `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`
            : `Bearer ${token}`
        })
      })
    )
  }

  protected adapter(): ZendeskAdapter {
    return new ZendeskAdapter(this.api, this.config, this.team, this.counters)
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    if (!/^\d+$/.test(ticketId)) {
      throw new ConnectorError(`"${ticketId}" is not a Zendesk ticket id.`, { problem: 'rejected' })
    }
    await this.api.addPrivateComment(Number(ticketId), capText(text).text)
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    try {
      const { user } = await this.api.me(signal)
      // Zendesk answers /users/me for a request it could not authenticate with the anonymous user.
      if (user.id === null) {
        return {
          ok: false,
          problem: 'bad-token',
          message: `Zendesk at ${this.config.baseUrl} did not accept the credentials. Check the token${this.config.email ? ` and the e-mail ${this.config.email}` : ''} in the connection settings.`
        }
      }
      if (user.role === 'end-user') {
        return {
          ok: false,
          problem: 'forbidden',
          message: `The token belongs to ${user.name ?? 'a user'}, an end user: Vigil needs an agent's token to read tickets and post internal notes.`
        }
      }
      const watch = this.config.watch
      if (watch.kind === 'tickets') await this.api.ticketsById(watch.ids.slice(0, 100), signal)
      else
        await this.api
          .searchTickets(searchQuery(watch, new Date().toISOString()), signal ?? new AbortController().signal)
          .next()
      return {
        ok: true,
        message: `Connected to Zendesk at ${this.config.baseUrl} as ${user.name ?? user.email ?? `user ${user.id}`} (${user.role ?? 'agent'}). Internal notes are posted as private comments.`
      }
    } catch (error) {
      return failedTest(error)
    }
  }
}
