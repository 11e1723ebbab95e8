/**
 * Polling for systems that can list "tickets updated since T" but have no global event feed (Zendesk, Zammad,
 * Chatwoot, Freshdesk). Each poll lists the watched tickets updated since the last poll's newest update, minus an
 * overlap that covers search-index lag and skew between the system's servers; reads each one's messages newer than
 * the last delivered on that ticket; and delivers them in id order (message ids grow with time in every supported
 * system). The cursor keeps the last delivered id per ticket active within the overlap, and a floor for all others,
 * so a ticket that shows up late in a search loses nothing. Only server times are compared, never the local clock.
 */
import type { ConnectorEvent } from '../../../../shared/events'
import type { ConnectorCounters } from '../connectorCounters'
import type { PolledEvent, PollingSource } from './pollingLoop'
import { TicketTracker } from './ticketTracker'
import type { WindowAdapter, WindowMessage, WindowState, WindowTicket } from './windowState'

export { WindowState } from './windowState'
export type { WindowAdapter, WindowMessage, WindowTicket } from './windowState'

export interface TimeWindowOptions {
  connectionId: string
  startFrom: 'now' | 'beginning'
  overlapMs: number
  counters: ConnectorCounters
}

type Step = PolledEvent<WindowState>

export class TimeWindowSource<T extends WindowTicket> implements PollingSource<WindowState> {
  private tracker: TicketTracker

  constructor(
    private readonly adapter: WindowAdapter<T>,
    private readonly options: TimeWindowOptions
  ) {
    this.tracker = new TicketTracker(options.connectionId)
  }

  /** A new stream may follow one whose last events never reached the engine: context is sent again. */
  reset(): void {
    this.tracker = new TicketTracker(this.options.connectionId)
  }

  async initialState(signal: AbortSignal): Promise<WindowState> {
    const start =
      this.options.startFrom === 'now' ? await this.adapter.serverTime(signal) : new Date(0).toISOString()
    return { since: start, floor: 0, recent: {}, notBefore: start }
  }

  async *poll(state: WindowState, signal: AbortSignal): AsyncGenerator<Step, WindowState> {
    const lowest = Math.max(0, Date.parse(state.since) - this.options.overlapMs)
    const tickets = new Map<string, T>()
    let watermark = state.since
    let shifted = false
    for await (const item of this.adapter.changedTickets(new Date(lowest).toISOString(), signal)) {
      const known = tickets.get(item.ticket.id)
      // Seen twice: it changed while we paged, shifting the list; a ticket may have slipped between two pages.
      if (known) shifted = true
      if (!known || item.ticket.updatedAt >= known.ticket.updatedAt) tickets.set(item.ticket.id, item)
      if (Date.parse(item.ticket.updatedAt) > Date.parse(watermark)) watermark = item.ticket.updatedAt
    }
    const { batch, newest } = await this.newMessages(tickets, state, signal)
    const context = { current: state, firstAt: Math.max(lowest, Date.parse(state.notBefore)) }
    for (const { item, entry } of batch) {
      const passed = (from: WindowState): WindowState => mark(from, item, entry.seq)
      if (!entry.message) {
        context.current = passed(context.current)
        continue
      }
      yield* this.open(item, context)
      context.current = passed(context.current)
      const event: ConnectorEvent = {
        type: 'message.added',
        eventId: `${this.options.connectionId}:message:${entry.message.id}`,
        message: entry.message
      }
      yield { event, state: context.current }
    }
    for (const item of tickets.values()) {
      if (Date.parse(item.ticket.createdAt) >= context.firstAt) yield* this.open(item, context)
      const recent = Date.parse(item.ticket.updatedAt) >= Date.parse(state.since)
      for (const event of this.tracker.statusEvents(item, newest.get(item.ticket.id) ?? 0, recent)) {
        yield { event, state: context.current }
      }
    }
    // After a shift the same window is read again next time, so the ticket that slipped is found then.
    return this.advance(context.current, shifted ? state.since : watermark, tickets)
  }

  /** New messages of the changed tickets, in id order; history (before `notBefore`) is passed over, not delivered. */
  private async newMessages(tickets: Map<string, T>, state: WindowState, signal: AbortSignal) {
    const batch: Array<{ item: T; entry: WindowMessage }> = []
    const newest = new Map<string, number | null>()
    for (const item of tickets.values()) {
      const after = state.recent[item.ticket.id]?.[0] ?? state.floor
      const { messages, newest: last } = await this.adapter.messagesAfter(item, after, signal)
      newest.set(item.ticket.id, last)
      for (const entry of messages) {
        if (entry.seq <= after) continue
        const history = entry.message !== null && Date.parse(entry.message.time) < Date.parse(state.notBefore)
        if (history) this.options.counters.skip('before-start')
        batch.push({ item, entry: history ? { seq: entry.seq, message: null } : entry })
      }
    }
    return { batch: batch.sort((a, b) => a.entry.seq - b.entry.seq), newest }
  }

  /**
   * `ticket.opened` (context, once per stream) and, for a system that keeps the first message on the ticket, that
   * message: delivered once, when the ticket is new (created within the window) and nothing of it was delivered yet.
   */
  private *open(item: T, context: { current: WindowState; firstAt: number }): Generator<Step> {
    for (const event of this.tracker.opening(item)) yield { event, state: context.current }
    const first = item.opening
    const id = item.ticket.id
    if (!first || id in context.current.recent || Date.parse(item.ticket.createdAt) < context.firstAt) return
    context.current = mark(context.current, item, context.current.floor)
    const event: ConnectorEvent = {
      type: 'message.added',
      eventId: `${this.options.connectionId}:message:${first.id}`,
      message: first
    }
    yield { event, state: context.current }
  }

  /** The next poll starts at the newest update seen; tickets quiet for longer than the overlap fold into the floor. */
  private advance(state: WindowState, watermark: string, seen: Map<string, T>): WindowState {
    const lowest = Date.parse(watermark) - this.options.overlapMs
    let floor = state.floor
    const recent: WindowState['recent'] = {}
    for (const [ticketId, [seq, at]] of Object.entries(state.recent)) {
      const updated = Math.max(at, Date.parse(seen.get(ticketId)?.ticket.updatedAt ?? '') || 0)
      if (updated >= lowest) recent[ticketId] = [seq, updated]
      else floor = Math.max(floor, seq)
    }
    return { ...state, since: watermark, floor, recent }
  }
}

/** The state after delivering message `seq` of a ticket. */
function mark(state: WindowState, item: WindowTicket, seq: number): WindowState {
  const at = Date.parse(item.ticket.updatedAt) || 0
  return { ...state, recent: { ...state.recent, [item.ticket.id]: [seq, at] } }
}
