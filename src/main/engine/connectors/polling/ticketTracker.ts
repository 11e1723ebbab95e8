/**
 * What one run of a time-window connector has told the engine about each ticket, so that a ticket is opened once
 * (before its first message), a status change is sent once, and a resolution is sent once per state of the
 * conversation. After a restart the same events come again with the same eventIds, and the engine drops them.
 */
import type { Ticket } from '../../../../shared/domain'
import type { ConnectorEvent } from '../../../../shared/events'
import type { WindowTicket } from './timeWindowSource'

const isResolved = (ticket: Ticket): boolean => ticket.status === 'resolved' || ticket.status === 'closed'
const signature = (ticket: Ticket): string =>
  JSON.stringify([ticket.status, ticket.assignee, ticket.subject, ticket.team])

export class TicketTracker {
  private readonly announced = new Set<string>()
  private readonly lastSent = new Map<string, string>()
  private readonly resolvedAt = new Map<string, number>()

  constructor(private readonly connectionId: string) {}

  /** `ticket.opened`, never as already resolved (the resolution is its own event); once per ticket and stream. */
  *opening(item: WindowTicket): Generator<ConnectorEvent> {
    const { ticket } = item
    if (this.announced.has(ticket.id)) return
    // Bounded memory over months of running: forgetting only means re-sending context the engine drops.
    if (this.announced.size >= 50_000) this.forget()
    this.announced.add(ticket.id)
    const opened = isResolved(ticket) ? { ...ticket, status: 'open' as const } : ticket
    this.lastSent.set(ticket.id, signature(opened))
    yield { type: 'ticket.opened', eventId: `${this.connectionId}:ticket:${ticket.id}`, ticket: opened }
  }

  /**
   * `ticket.resolved` when the ticket is solved, keyed by its newest message (a reopened and again solved case is a
   * new resolution); `ticket.updated` when its status, assignee or subject changed. A ticket this run never opened is
   * resolved only when that happened since the cursor (`recent`): older resolutions were delivered before.
   */
  *statusEvents(item: WindowTicket, newestSeq: number, recent: boolean): Generator<ConnectorEvent> {
    const { ticket } = item
    if (isResolved(ticket)) {
      if (this.resolvedAt.get(ticket.id) === newestSeq) return
      if (!this.announced.has(ticket.id) && !recent) return
      yield* this.opening(item)
      this.resolvedAt.set(ticket.id, newestSeq)
      this.lastSent.set(ticket.id, signature(ticket))
      const eventId = `${this.connectionId}:ticket:${ticket.id}:resolved:${newestSeq}`
      yield { type: 'ticket.resolved', eventId, ticketId: ticket.id, at: ticket.updatedAt }
      return
    }
    if (!this.announced.has(ticket.id)) return
    this.resolvedAt.delete(ticket.id)
    const current = signature(ticket)
    if (this.lastSent.get(ticket.id) === current) return
    this.lastSent.set(ticket.id, current)
    yield {
      type: 'ticket.updated',
      eventId: `${this.connectionId}:ticket:${ticket.id}:updated:${ticket.updatedAt}`,
      ticket
    }
  }

  private forget(): void {
    this.announced.clear()
    this.lastSent.clear()
    this.resolvedAt.clear()
  }
}
