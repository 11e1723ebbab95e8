/**
 * Freshdesk's REST API v2 (`https://<domain>.freshdesk.com/api/v2`, Basic auth with the API key as user name): the
 * calls Vigil makes and the shapes it reads. Lists are paged with `page`/`per_page` and a `Link: rel="next"` header.
 */
import { z } from 'zod'
import type { ConnectorHttpClient, Query } from '../http/connectorHttpClient'
import { nextLink, parseAnswer } from '../wireHelpers'

const Attachment = z.object({
  name: z.string().nullish(),
  content_type: z.string().nullish(),
  size: z.number().nullish()
})

export const FdTicket = z.object({
  id: z.number().int(),
  subject: z.string().nullish(),
  status: z.number().int(),
  responder_id: z.number().int().nullish(),
  group_id: z.number().int().nullish(),
  requester_id: z.number().int().nullish(),
  description: z.string().nullish(),
  description_text: z.string().nullish(),
  attachments: z.array(Attachment).default([]),
  created_at: z.string(),
  updated_at: z.string()
})
export type FdTicket = z.infer<typeof FdTicket>

export const FdConversation = z.object({
  id: z.number().int(),
  body: z.string().nullish(),
  body_text: z.string().nullish(),
  incoming: z.boolean().default(false),
  private: z.boolean().default(false),
  user_id: z.number().int().nullish(),
  from_email: z.string().nullish(),
  source: z.number().int().nullish(),
  created_at: z.string(),
  attachments: z.array(Attachment).default([])
})
export type FdConversation = z.infer<typeof FdConversation>

export const FdAgent = z.object({
  id: z.number().int(),
  contact: z.object({ name: z.string().nullish(), email: z.string().nullish() }).nullish()
})

export class FreshdeskApi {
  constructor(readonly client: ConnectorHttpClient) {}

  /** Tickets updated since `since`, oldest update first, with their description (items unvalidated). */
  async *ticketsUpdatedSince(since: string, signal: AbortSignal): AsyncGenerator<unknown[]> {
    const query: Query = {
      updated_since: since,
      order_by: 'updated_at',
      order_type: 'asc',
      per_page: 100,
      include: 'description'
    }
    yield* this.pages('tickets', query, signal)
  }

  async ticket(id: number, signal?: AbortSignal): Promise<unknown> {
    return (await this.client.get(`tickets/${id}`, { query: { include: 'description' }, signal })).json
  }

  /** A ticket's replies and notes, oldest first (items unvalidated); the first message is the ticket's description. */
  async *conversations(ticketId: number, signal: AbortSignal): AsyncGenerator<unknown[]> {
    yield* this.pages(`tickets/${ticketId}/conversations`, { per_page: 100 }, signal)
  }

  async me(signal?: AbortSignal): Promise<{ agent: z.infer<typeof FdAgent>; headers: Headers }> {
    const response = await this.client.get('agents/me', { signal })
    return {
      agent: parseAnswer(this.client, FdAgent, response.json, 'GET /agents/me'),
      headers: response.headers
    }
  }

  async group(id: string, signal?: AbortSignal): Promise<{ name: string }> {
    const response = await this.client.get(`groups/${encodeURIComponent(id)}`, { signal })
    return parseAnswer(this.client, z.object({ name: z.string() }), response.json, 'GET /groups')
  }

  /** A private note: visible to agents only. */
  async addPrivateNote(ticketId: number, text: string): Promise<void> {
    const html = text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\n/g, '<br>')
    await this.client.post(`tickets/${ticketId}/notes`, { body: html, private: true })
  }

  private async *pages(path: string, query: Query, signal: AbortSignal): AsyncGenerator<unknown[]> {
    let next: string | null = path
    let params: Query | undefined = query
    for (let page = 1; next && page <= 300; page++) {
      const response = await this.client.get(next, { query: params, signal })
      yield parseAnswer(this.client, z.array(z.unknown()), response.json, `GET /${path}`)
      next = nextLink(response.headers)
      params = undefined
    }
  }
}
