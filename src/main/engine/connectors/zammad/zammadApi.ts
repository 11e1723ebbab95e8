/**
 * Zammad's REST API (`https://<host>/api/v1`, `Authorization: Token token=<token>`): the calls Vigil makes and the
 * shapes it reads. Tickets are found with the search endpoint (expanded, so states and groups come by name).
 */
import { z } from 'zod'
import type { ConnectorHttpClient } from '../http/connectorHttpClient'
import { parseAnswer } from '../wireHelpers'

export const ZmTicket = z.object({
  id: z.number().int(),
  number: z.union([z.string(), z.number()]).nullish(),
  title: z.string().nullish(),
  state: z.string().nullish(),
  owner_id: z.number().int().nullish(),
  owner: z.string().nullish(),
  group: z.string().nullish(),
  customer_id: z.number().int().nullish(),
  created_at: z.string(),
  updated_at: z.string()
})
export type ZmTicket = z.infer<typeof ZmTicket>

export const ZmArticle = z.object({
  id: z.number().int(),
  ticket_id: z.number().int(),
  type: z.string().nullish(),
  sender: z.string().nullish(),
  internal: z.boolean().default(false),
  body: z.string().nullish(),
  content_type: z.string().nullish(),
  from: z.string().nullish(),
  created_by: z.string().nullish(),
  created_by_id: z.number().int().nullish(),
  created_at: z.string(),
  attachments: z
    .array(
      z.object({
        filename: z.string().nullish(),
        size: z.union([z.string(), z.number()]).nullish(),
        preferences: z.record(z.string(), z.unknown()).nullish()
      })
    )
    .default([])
})
export type ZmArticle = z.infer<typeof ZmArticle>

const ZmUser = z.object({
  id: z.number().int(),
  login: z.string().nullish(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish()
})

export const searchPageSize = 100

export class ZammadApi {
  constructor(readonly client: ConnectorHttpClient) {}

  /** One page of tickets matching a search query, least recently updated first (items unvalidated). */
  async searchTickets(query: string, page: number, signal?: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get('tickets/search', {
      query: { query, expand: true, sort_by: 'updated_at', order_by: 'asc', limit: searchPageSize, page },
      signal
    })
    // Expanded search answers an array; without expansion Zammad answers { tickets: [ids], assets }.
    return parseAnswer(this.client, z.array(z.unknown()), response.json, 'GET /tickets/search')
  }

  /** Every article of a ticket, oldest first (items unvalidated). */
  async articles(ticketId: number, signal: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get(`ticket_articles/by_ticket/${ticketId}`, {
      query: { expand: true },
      signal
    })
    return parseAnswer(this.client, z.array(z.unknown()), response.json, 'GET /ticket_articles/by_ticket')
  }

  async me(signal?: AbortSignal): Promise<{ user: z.infer<typeof ZmUser>; headers: Headers }> {
    const response = await this.client.get('users/me', { signal })
    return {
      user: parseAnswer(this.client, ZmUser, response.json, 'GET /users/me'),
      headers: response.headers
    }
  }

  /** An internal note: visible to agents only. */
  async addInternalNote(ticketId: number, text: string): Promise<void> {
    await this.client.post('ticket_articles', {
      ticket_id: ticketId,
      body: text,
      content_type: 'text/plain',
      type: 'note',
      internal: true,
      sender: 'Agent'
    })
  }
}
