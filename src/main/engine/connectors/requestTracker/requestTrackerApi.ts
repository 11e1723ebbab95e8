/**
 * Request Tracker 5's REST2 API (base `<RT>/REST/2.0`), the calls Vigil makes and the shapes it reads. Pages are
 * read by id ("id > last"), never by page number, so items arriving meanwhile cannot shift a page.
 */
import { z } from 'zod'
import type { ConnectorHttpClient } from '../http/connectorHttpClient'
import { malformedAnswer } from '../http/httpFailure'

const pageSize = 100
const NumericId = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number)
const UserRef = z.object({ id: z.string() })

export const RtTransaction = z.object({
  id: NumericId,
  Type: z.string(),
  Creator: UserRef,
  Created: z.string(),
  Field: z.string().nullish(),
  OldValue: z.string().nullish(),
  NewValue: z.string().nullish(),
  ObjectId: NumericId
})
export type RtTransaction = z.infer<typeof RtTransaction>

export const RtTicket = z.object({
  id: NumericId,
  Subject: z.string().default(''),
  Status: z.string(),
  Owner: UserRef.nullish(),
  Queue: z.object({ id: NumericId }),
  Requestor: z.array(UserRef).default([]),
  Cc: z.array(UserRef).default([]),
  Created: z.string(),
  LastUpdated: z.string()
})
export type RtTicket = z.infer<typeof RtTicket>

export const RtAttachmentPart = z.object({
  id: NumericId,
  ContentType: z.string().default(''),
  Filename: z.string().nullish(),
  ContentLength: z.union([z.string(), z.number()]).nullish()
})
export type RtAttachmentPart = z.infer<typeof RtAttachmentPart>

const Collection = z.object({ items: z.array(z.unknown()) })
const Named = z.object({ id: NumericId, Name: z.string() })
const Content = z.object({ Content: z.string().nullish() })

export class RequestTrackerApi {
  constructor(readonly client: ConnectorHttpClient) {}

  /**
   * One page of transactions matching `sql` (items unvalidated): oldest first above `after`, or newest first.
   * RT filters out what the token may not see after paging, so a page may hold fewer than `pageSize` items.
   */
  async transactionsPage(
    sql: string,
    page: { after?: number; page?: number; newestFirst?: boolean },
    signal: AbortSignal
  ): Promise<unknown[]> {
    const query = page.after === undefined ? sql : `id > ${page.after} AND (${sql})`
    const fields = 'Type,Creator,Created,Field,OldValue,NewValue,ObjectId'
    const response = await this.client.get('transactions', {
      query: {
        query,
        fields,
        orderby: 'id',
        order: page.newestFirst ? 'DESC' : 'ASC',
        per_page: pageSize,
        page: page.page
      },
      signal
    })
    return this.parse(Collection, response.json, 'GET /transactions').items
  }

  async ticket(id: number, signal?: AbortSignal): Promise<RtTicket> {
    const response = await this.client.get(`ticket/${id}`, { signal })
    return this.parse(RtTicket, response.json, `GET /ticket/${id}`)
  }

  /** A queue by name or id. */
  async queue(nameOrId: string | number, signal?: AbortSignal): Promise<{ id: number; Name: string }> {
    const response = await this.client.get(`queue/${encodeURIComponent(String(nameOrId))}`, { signal })
    return this.parse(Named, response.json, 'GET /queue')
  }

  async user(id: number, signal?: AbortSignal): Promise<{ id: number; Name: string }> {
    const response = await this.client.get(`user/${id}`, { signal })
    return this.parse(Named, response.json, `GET /user/${id}`)
  }

  async version(signal?: AbortSignal): Promise<string> {
    const response = await this.client.get('rt', { signal })
    return this.parse(z.object({ Version: z.string() }), response.json, 'GET /rt').Version
  }

  /** The MIME parts of a transaction, without their content (attachments are noted, never downloaded). */
  async parts(transactionId: number, signal: AbortSignal): Promise<unknown[]> {
    const response = await this.client.get(`transaction/${transactionId}/attachments`, {
      query: { fields: 'ContentType,Filename,ContentLength', per_page: pageSize },
      signal
    })
    return this.parse(Collection, response.json, 'GET /transaction/attachments').items
  }

  /** One part's content, decoded from the base64 REST2 sends. */
  async content(attachmentId: number, signal: AbortSignal): Promise<string> {
    const response = await this.client.get(`attachment/${attachmentId}`, { signal })
    const base64 = this.parse(Content, response.json, 'GET /attachment').Content ?? ''
    return Buffer.from(base64, 'base64').toString('utf8')
  }

  /** Posts a comment (never sent to requestors); returns the new transaction id from the Location header. */
  async comment(ticketId: number, text: string): Promise<number | null> {
    const response = await this.client.post(`ticket/${ticketId}/comment`, {
      Content: text,
      ContentType: 'text/plain'
    })
    const location = response.headers.get('location') ?? ''
    const id = /\/transaction\/(\d+)/.exec(location)?.[1]
    return id ? Number(id) : null
  }

  private parse<T>(schema: z.ZodType<T>, json: unknown, request: string): T {
    const parsed = schema.safeParse(json)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    throw malformedAnswer(
      this.client.identity,
      request,
      `${issue?.path.join('.') || 'body'}: ${issue?.message}`
    )
  }
}
