/** Keeps one ConversationState per ticket, applying connector events in order. */
import type { Ticket } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { ConversationState } from './conversationState'

export type WatcherChange =
  | { type: 'ticket'; state: ConversationState }
  | { type: 'message'; state: ConversationState; messageIndex: number }
  | { type: 'resolved'; state: ConversationState }
  | { type: 'ignored'; reason: string }

export class Watcher {
  private readonly states = new Map<string, ConversationState>()
  /**
   * The unresolved subset of `states`, in the same (opening) order. The engine asks for it after every event;
   * filtering every ticket ever seen made a long replay quadratic.
   */
  private openStates = new Map<string, ConversationState>()
  /** The resolved subset of `states`, in the order they were resolved: the oldest are retired first. */
  private readonly resolvedStates = new Map<string, ConversationState>()

  get(ticketId: string): ConversationState | undefined {
    return this.states.get(ticketId)
  }

  all(): ConversationState[] {
    return [...this.states.values()]
  }

  /** Tickets not resolved yet. */
  open(): ConversationState[] {
    return [...this.openStates.values()]
  }

  get size(): number {
    return this.states.size
  }

  /** Resolved tickets, the earliest resolved first. */
  resolved(): IterableIterator<ConversationState> {
    return this.resolvedStates.values()
  }

  /** Drops a ticket from memory (it was retired: its record is on disk, and it comes back from there). */
  forget(ticketId: string): void {
    this.states.delete(ticketId)
    this.openStates.delete(ticketId)
    this.resolvedStates.delete(ticketId)
  }

  apply(event: ConnectorEvent): WatcherChange {
    switch (event.type) {
      case 'ticket.opened':
      case 'ticket.updated':
        return { type: 'ticket', state: this.upsertTicket(event.ticket) }
      case 'message.added': {
        const state = this.require(event.message.ticketId, event.eventId)
        if (state.messages.some((message) => message.id === event.message.id)) {
          return { type: 'ignored', reason: `message ${event.message.id} already seen` }
        }
        state.addMessage(event.message)
        return { type: 'message', state, messageIndex: state.messages.length - 1 }
      }
      case 'ticket.resolved': {
        const state = this.require(event.ticketId, event.eventId)
        state.resolve(event.at)
        this.openStates.delete(event.ticketId)
        this.resolvedStates.delete(event.ticketId)
        this.resolvedStates.set(event.ticketId, state)
        return { type: 'resolved', state }
      }
    }
  }

  private upsertTicket(ticket: Ticket): ConversationState {
    const existing = this.states.get(ticket.id)
    if (!existing) {
      const state = new ConversationState(ticket)
      this.states.set(ticket.id, state)
      this.openStates.set(ticket.id, state)
      return state
    }
    if (existing.isResolved && ticket.status !== 'resolved' && ticket.status !== 'closed') {
      existing.reopen(ticket)
      this.resolvedStates.delete(ticket.id)
      this.reindexOpen()
    } else existing.ticket = ticket
    return existing
  }

  /** Rebuilt in opening order after a reopen (rare), so `open()` lists tickets as it always has. */
  private reindexOpen(): void {
    this.openStates = new Map([...this.states].filter(([, state]) => !state.isResolved))
  }

  private require(ticketId: string, eventId: string): ConversationState {
    const state = this.states.get(ticketId)
    if (!state) {
      throw new VigilError(
        ErrorCode.connectorData,
        `event ${eventId} refers to ticket ${ticketId}, which was never opened`
      )
    }
    return state
  }
}
