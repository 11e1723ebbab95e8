/**
 * Which tickets the Tickets screen lists: filtered by status, team, source and what Vigil raised on them, searched by
 * subject, requester and id (here) and by message text (the engine's `tickets.search`), grouped open / resolved.
 */
import type { TicketSummary } from '../../../../shared/contract'

export type Attention = 'all' | 'suggestions' | 'escalation'

export interface TicketFilter {
  /** A ticket status (`open`, `resolved`...) or `all`. */
  status: string
  /** A team or `all`. */
  team: string
  /** A connection id (or `demo`) or `all`. */
  source: string
  attention: Attention
  /** Words that must all appear in the subject, requester or id, or (`messageMatches`) in a message. */
  query: string
}

export const emptyFilter = (): TicketFilter => ({
  status: 'all',
  team: 'all',
  source: 'all',
  attention: 'all',
  query: ''
})

const closed = new Set(['resolved', 'closed'])
export const isClosed = (ticket: TicketSummary): boolean => closed.has(ticket.status)
export const lastActivity = (ticket: TicketSummary): string => ticket.lastMessageAt ?? ticket.updatedAt
const newestFirst = (a: TicketSummary, b: TicketSummary): number =>
  lastActivity(b).localeCompare(lastActivity(a)) || a.id.localeCompare(b.id)

const words = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean)

/**
 * The tickets that pass `filter`, most recently active first. `messageMatches`: the ids whose messages matched the
 * query (from the engine); a ticket passes the query when its own fields or its messages match.
 */
export function filterTickets(
  tickets: readonly TicketSummary[],
  filter: TicketFilter,
  messageMatches: ReadonlySet<string> = new Set()
): TicketSummary[] {
  const wanted = words(filter.query)
  return tickets
    .filter((ticket) => filter.status === 'all' || ticket.status === filter.status)
    .filter((ticket) => filter.team === 'all' || ticket.team === filter.team)
    .filter((ticket) => filter.source === 'all' || (ticket.source ?? 'unknown') === filter.source)
    .filter((ticket) =>
      filter.attention === 'suggestions'
        ? ticket.suggestionCount > 0
        : filter.attention === 'escalation'
          ? ticket.escalation !== undefined
          : true
    )
    .filter((ticket) => {
      if (wanted.length === 0) return true
      const own = `${ticket.id} ${ticket.subject} ${ticket.requester ?? ''}`.toLowerCase()
      return wanted.every((word) => own.includes(word)) || messageMatches.has(ticket.id)
    })
    .sort(newestFirst)
}

/** Open tickets (anything not resolved or closed) apart from resolved ones, each most recently active first. */
export function groupTickets(tickets: readonly TicketSummary[]): {
  open: TicketSummary[]
  resolved: TicketSummary[]
} {
  const sorted = [...tickets].sort(newestFirst)
  return { open: sorted.filter((t) => !isClosed(t)), resolved: sorted.filter(isClosed) }
}

/** The ticket to show when the screen opens: the most recently active open one, else the latest resolved one. */
export function defaultSelection(tickets: readonly TicketSummary[]): string | null {
  const { open, resolved } = groupTickets(tickets)
  return (open[0] ?? resolved[0])?.id ?? null
}

/** The values a filter can take, with how many tickets have each, for the filter menus. */
export function filterChoices(
  tickets: readonly TicketSummary[],
  field: 'status' | 'team' | 'source'
): { value: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const ticket of tickets) {
    const value = field === 'source' ? (ticket.source ?? 'unknown') : ticket[field]
    counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value.localeCompare(b.value))
}

/** Whether any filter narrows the list. */
export const isFiltered = (filter: TicketFilter): boolean =>
  filter.status !== 'all' ||
  filter.team !== 'all' ||
  filter.source !== 'all' ||
  filter.attention !== 'all' ||
  words(filter.query).length > 0
