/**
 * Zendesk Support's REST API (`https://<subdomain>.zendesk.com/api/v2`): the calls Vigil makes and the shapes it
 * reads. Tickets come from the search export (cursor-paginated, no 1 000-result cap) or `show_many`, comments newest
 * first with their authors sideloaded, so a poll stops reading as soon as it reaches what it already delivered.
 */
import { z } from 'zod'
import type { ConnectorHttpClient, Query } from '../http/connectorHttpClient'
import { parseAnswer } from '../wireHelpers'

export const ZdTicket = z.object({
  id: z.number().int(),
  subject: z.string().nullish(),
  raw_subject: z.string().nullish(),
  status: z.string(),
  assignee_id: z.number().int().nullish(),
  group_id: z.number().int().nullish(),
  requester_id: z.number().int().nullish(),
  created_at: z.string(),
  updated_at: z.string()
})
export type ZdTicket = z.infer<typeof ZdTicket>

export const ZdUser = z.object({
  id: z.number().int().nullable(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string().nullish()
})
export type ZdUser = z.infer<typeof ZdUser>

export const ZdComment = z.object({
  id: z.number().int(),
  type: z.string().default('Comment'),
  author_id: z.number().int(),
  body: z.string().nullish(),
  html_body: z.string().nullish(),
  plain_body: z.string().nullish(),
  public: z.boolean().default(true),
  created_at: z.string(),
  via: z.object({ channel: z.union([z.string(), z.number()]).nullish() }).nullish(),
  attachments: z
    .array(
      z.object({
        file_name: z.string().nullish(),
        content_type: z.string().nullish(),
        size: z.number().nullish()
      })
    )
    .default([])
})
export type ZdComment = z.infer<typeof ZdComment>

/** 100 000 items at 100 a page. */
const maxPages = 1_000

const CursorPage = z.object({
  meta: z.object({ has_more: z.boolean() }).nullish(),
  links: z.object({ next: z.string().nullish() }).nullish()
})
const TicketPage = CursorPage.extend({ results: z.array(z.unknown()) })
const CommentPage = CursorPage.extend({
  comments: z.array(z.unknown()),
  users: z.array(z.unknown()).default([])
})

export class ZendeskApi {
  constructor(readonly client: ConnectorHttpClient) {}

  /** Tickets matching a search query, page by page (items unvalidated). */
  async *searchTickets(query: string, signal: AbortSignal): AsyncGenerator<unknown[]> {
    let next: string | null = 'search/export'
    let params: Query | undefined = { query, 'filter[type]': 'ticket', 'page[size]': 100 }
    // Bounded, in case a server keeps answering has_more.
    for (let pages = 0; next && pages < maxPages; pages++) {
      const response = await this.client.get(next, { query: params, signal })
      const page = parseAnswer(this.client, TicketPage, response.json, 'GET /search/export')
      yield page.results
      next = page.meta?.has_more ? (page.links?.next ?? null) : null
      params = undefined
    }
  }

  /** Up to 100 tickets by id (items unvalidated). */
  async ticketsById(ids: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get('tickets/show_many.json', {
      query: { ids: ids.join(',') },
      signal
    })
    return parseAnswer(
      this.client,
      z.object({ tickets: z.array(z.unknown()) }),
      response.json,
      'GET /tickets/show_many'
    ).tickets
  }

  /** A ticket's comments, newest first, a page at a time, with their authors (items unvalidated). */
  async *comments(
    ticketId: number,
    signal: AbortSignal
  ): AsyncGenerator<{ comments: unknown[]; users: unknown[] }> {
    let next: string | null = `tickets/${ticketId}/comments.json`
    let params: Query | undefined = { sort_order: 'desc', include: 'users', 'page[size]': 100 }
    // Bounded, in case a server keeps answering has_more.
    for (let pages = 0; next && pages < maxPages; pages++) {
      const response = await this.client.get(next, { query: params, signal })
      const page = parseAnswer(this.client, CommentPage, response.json, `GET /tickets/${ticketId}/comments`)
      yield { comments: page.comments, users: page.users }
      next = page.meta?.has_more ? (page.links?.next ?? null) : null
      params = undefined
    }
  }

  async me(signal?: AbortSignal): Promise<{ user: ZdUser; date: Headers }> {
    const response = await this.client.get('users/me.json', { signal })
    const user = parseAnswer(this.client, z.object({ user: ZdUser }), response.json, 'GET /users/me').user
    return { user, date: response.headers }
  }

  /** A private comment: visible to agents only. */
  async addPrivateComment(ticketId: number, text: string): Promise<void> {
    await this.client.put(`tickets/${ticketId}.json`, { ticket: { comment: { body: text, public: false } } })
  }
}
