/**
 * Polls Request Tracker's transactions by id: each message, status change or reassignment of a watched ticket becomes
 * one event whose cursor is that transaction's id. Context the engine needs first (a ticket it has not seen, the
 * earlier messages of a ticket that just entered the watch) is sent ahead with the previous cursor: after a restart
 * it may come again, with the same eventIds, and is dropped by the engine.
 */
import { z } from 'zod'
import type { ConnectorEvent } from '../../../../shared/events'
import type { RequestTrackerConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import { malformedAnswer } from '../http/httpFailure'
import type { PolledEvent, PollingSource } from '../polling/pollingLoop'
import { RequestTrackerApi, RtTransaction } from './requestTrackerApi'
import type { RtTicket } from './requestTrackerApi'
import { ticketStatus, toTicket, transactionKind, transactionSql } from './requestTrackerMapping'
import { RequestTrackerMessages } from './requestTrackerMessages'

export const RtState = z.object({ after: z.number().int().nonnegative() })
export type RtState = z.infer<typeof RtState>

export interface RequestTrackerSourceContext {
  team: string
  counters: ConnectorCounters
  /** The token's user id (RT tokens read `1-<user id>-<secret>`), for "assigned to me"; null when unknown. */
  currentUserId(): Promise<number | null>
}

export class RequestTrackerSource implements PollingSource<RtState> {
  private announced = new Set<number>()
  private watchedQueueId: number | null = null
  private readonly messages: RequestTrackerMessages

  constructor(
    private readonly api: RequestTrackerApi,
    private readonly config: RequestTrackerConfig,
    private readonly context: RequestTrackerSourceContext
  ) {
    this.messages = new RequestTrackerMessages(api, config, context.counters)
  }

  /** A new stream may follow one whose last events never reached the engine: tickets are announced again. */
  reset(): void {
    this.announced = new Set()
  }

  /**
   * "now" is the newest watched transaction visible to the token. RT drops records the user may not see after
   * paging, so a page can come back short or empty while more exist: a few pages are looked at.
   */
  async initialState(signal: AbortSignal): Promise<RtState> {
    if (this.config.startFrom === 'beginning') return { after: 0 }
    for (let page = 1; page <= 5; page++) {
      const items = await this.api.transactionsPage(
        transactionSql(this.config.watch),
        { page, newestFirst: true },
        signal
      )
      const ids = items.map((item) => Number((item as { id?: unknown } | null)?.id)).filter(Number.isInteger)
      if (ids.length > 0) return { after: Math.max(...ids) }
    }
    return { after: 0 }
  }

  async *poll(state: RtState, signal: AbortSignal): AsyncGenerator<PolledEvent<RtState>, RtState> {
    const sql = transactionSql(this.config.watch)
    const tickets = new Map<number, RtTicket>()
    let after = state.after
    for (;;) {
      const items = await this.api.transactionsPage(sql, { after }, signal)
      const pageStart = after
      for (const item of items) {
        if (item === null) continue
        const parsed = RtTransaction.safeParse(item)
        if (!parsed.success) {
          const id = Number((item as { id?: unknown } | null)?.id)
          if (!Number.isInteger(id) || id <= after) {
            throw malformedAnswer(
              this.api.client.identity,
              'GET /transactions',
              'a transaction without an id'
            )
          }
          this.context.counters.skip('malformed')
          after = id
          continue
        }
        const transaction = parsed.data
        let ticket = tickets.get(transaction.ObjectId)
        if (!ticket)
          tickets.set(transaction.ObjectId, (ticket = await this.api.ticket(transaction.ObjectId, signal)))
        yield* this.expand(transaction, ticket, after, signal)
        after = transaction.id
      }
      // A short page is not the end: RT removes records the token may not see after paging. A page that
      // moved nothing forward (empty, or only records withheld as null) is.
      if (after === pageStart) return { after }
    }
  }

  private async *expand(
    transaction: RtTransaction,
    ticket: RtTicket,
    before: number,
    signal: AbortSignal
  ): AsyncGenerator<PolledEvent<RtState>> {
    const kind = transactionKind(transaction)
    if (kind === 'unknown') return this.context.counters.skip('unknown-type')
    const previous = { after: before }
    const current = { after: transaction.id }
    const prefix = `${this.config.id}:rt`
    if (!this.announced.has(ticket.id)) {
      if (this.announced.size >= 50_000) this.announced.clear()
      this.announced.add(ticket.id)
      const opened = this.unresolvedView(ticket)
      yield {
        event: { type: 'ticket.opened', eventId: `${prefix}:ticket:${ticket.id}`, ticket: opened },
        state: previous
      }
    }
    if (kind === 'message') {
      const event = await this.messages.message(transaction, ticket, signal)
      if (event) yield { event, state: current }
      return
    }
    if (kind === 'status') {
      const status = ticketStatus(transaction.NewValue ?? '')
      const eventId = `${prefix}:txn:${transaction.id}`
      const event: ConnectorEvent =
        status === 'resolved'
          ? { type: 'ticket.resolved', eventId, ticketId: String(ticket.id), at: transaction.Created }
          : {
              type: 'ticket.updated',
              eventId,
              ticket: { ...toTicket(ticket, this.context.team, status), updatedAt: transaction.Created }
            }
      yield { event, state: current }
      return
    }
    if (await this.entersWatch(kind, transaction, signal)) {
      for await (const event of this.messages.history(ticket, transaction.id, signal))
        yield { event, state: previous }
    }
    const updated = { ...this.unresolvedView(ticket), updatedAt: transaction.Created }
    yield {
      event: { type: 'ticket.updated', eventId: `${prefix}:txn:${transaction.id}`, ticket: updated },
      state: current
    }
  }

  /** The ticket as it is now, but never already resolved: a resolution reaches the engine as its own event. */
  private unresolvedView(ticket: RtTicket): ReturnType<typeof toTicket> {
    const status = ticketStatus(ticket.Status)
    return toTicket(ticket, this.context.team, status === 'resolved' || status === 'closed' ? 'open' : status)
  }

  /** A reassignment to me, or a move into the watched queue: the ticket's earlier messages were never polled. */
  private async entersWatch(
    kind: 'owner' | 'queue',
    transaction: RtTransaction,
    signal: AbortSignal
  ): Promise<boolean> {
    const watch = this.config.watch
    const to = Number(transaction.NewValue)
    if (kind === 'owner' && watch.kind === 'assigned-to-me')
      return to === (await this.context.currentUserId())
    if (kind !== 'queue' || watch.kind !== 'group') return false
    this.watchedQueueId ??= (await this.api.queue(watch.group, signal)).id
    return to === this.watchedQueueId
  }
}
