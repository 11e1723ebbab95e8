/** Request Tracker transactions as messages: the text part's content (HTML reduced to text), attachments noted. */
import type { ConnectorEvent } from '../../../../shared/events'
import type { RequestTrackerConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import { messageBody } from '../messageText'
import { RtAttachmentPart, RtTransaction } from './requestTrackerApi'
import type { RequestTrackerApi, RtTicket } from './requestTrackerApi'
import { authorRole, splitParts } from './requestTrackerMapping'

export class RequestTrackerMessages {
  constructor(
    private readonly api: RequestTrackerApi,
    private readonly config: RequestTrackerConfig,
    private readonly counters: ConnectorCounters
  ) {}

  /** The message of a Create, Correspond or Comment transaction; null (counted) when it has no text at all. */
  async message(
    transaction: RtTransaction,
    ticket: RtTicket,
    signal: AbortSignal
  ): Promise<ConnectorEvent | null> {
    const parts = (await this.api.parts(transaction.id, signal)).flatMap((item) => {
      const part = RtAttachmentPart.safeParse(item)
      return part.success ? [part.data] : []
    })
    const { body, files } = splitParts(parts)
    // Only the text part is read; files are listed by name and size, never downloaded.
    const raw = body ? await this.api.content(body.id, signal) : ''
    const text = messageBody(raw, body?.format ?? 'text', files)
    this.counters.noted(text, files.length)
    if (!text.text) {
      this.counters.skip('empty')
      return null
    }
    return {
      type: 'message.added',
      eventId: `${this.config.id}:rt:txn:${transaction.id}`,
      message: {
        id: String(transaction.id),
        ticketId: String(ticket.id),
        authorRole: authorRole(transaction, ticket, this.config.botAuthors),
        authorName: transaction.Creator.id.slice(0, 200),
        text: text.text,
        time: transaction.Created,
        // A comment is seen by staff only (a correspondence is sent to the requestors).
        ...(transaction.Type === 'Comment' ? { internal: true } : {})
      }
    }
  }

  /** The ticket's messages before transaction `before`, oldest first: context for a ticket entering the watch. */
  async *history(ticket: RtTicket, before: number, signal: AbortSignal): AsyncGenerator<ConnectorEvent> {
    const types = "Type = 'Create' OR Type = 'Correspond' OR Type = 'Comment'"
    const sql = `TicketId = ${ticket.id} AND id < ${before} AND (${types})`
    let after = 0
    for (;;) {
      const items = await this.api.transactionsPage(sql, { after }, signal)
      const ids = items.map((item) => Number((item as { id?: unknown } | null)?.id)).filter(Number.isInteger)
      if (ids.length === 0) return
      for (const item of items) {
        const parsed = RtTransaction.safeParse(item)
        if (!parsed.success) continue
        const event = await this.message(parsed.data, ticket, signal)
        if (event) yield event
      }
      after = Math.max(...ids)
    }
  }
}
