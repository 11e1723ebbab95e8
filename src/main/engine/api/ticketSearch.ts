/** Finding tickets by what their messages say: the workbench's search over conversation text. */
import type { RouteOutput } from '../../../shared/contract'
import type { RetiredTicket } from '../storage/retiredTickets'

const EXCERPT = 90
/** Retired tickets returned for one query at most (most recently active first), and archives read to find them. */
const RETIRED_HITS = 50
const RETIRED_READS = 200

/** A ticket's messages, in memory (a conversation) or read back from the archive. */
interface Searchable {
  ticket: { id: string; updatedAt: string }
  messages: ReadonlyArray<{ text: string }>
}

/**
 * Tickets with a message that contains every word of `query` (case-insensitive), most recently active first, each
 * with an excerpt of the first such message around the first word.
 */
export function searchTickets(states: readonly Searchable[], query: string): RouteOutput<'tickets.search'> {
  const words = wordsOf(query)
  if (words.length === 0) return []
  const found: Array<{ ticketId: string; excerpt: string; at: string }> = []
  for (const state of states) {
    const message = state.messages.find((m) => {
      const text = m.text.toLowerCase()
      return words.every((word) => text.includes(word))
    })
    if (message) {
      found.push({
        ticketId: state.ticket.id,
        excerpt: excerpt(message.text, words[0]!),
        at: state.ticket.updatedAt
      })
    }
  }
  return found
    .sort((a, b) => b.at.localeCompare(a.at) || a.ticketId.localeCompare(b.ticketId))
    .map(({ ticketId, excerpt }) => ({ ticketId, excerpt }))
}

/**
 * The same search over tickets that left memory: their stored words pick the candidates (a ticket whose words lack
 * a query word has no message holding it), then each candidate's archived messages are searched as above.
 */
export async function searchRetired(
  retired: readonly RetiredTicket[],
  query: string,
  messagesOf: (ticketId: string) => Promise<ReadonlyArray<{ text: string }>>
): Promise<RouteOutput<'tickets.search'>> {
  const words = wordsOf(query)
  if (words.length === 0) return []
  const hits: RouteOutput<'tickets.search'> = []
  let reads = 0
  for (const candidate of retired) {
    if (hits.length >= RETIRED_HITS || reads >= RETIRED_READS) break
    if (!words.every((word) => candidate.words.includes(word))) continue
    reads++
    const ticket = { id: candidate.ticketId, updatedAt: candidate.summary.updatedAt }
    const [hit] = searchTickets([{ ticket, messages: await messagesOf(candidate.ticketId) }], query)
    if (hit) hits.push({ ...hit, ticket: candidate.summary })
  }
  return hits
}

const wordsOf = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean)

function excerpt(text: string, word: string): string {
  const flat = text.replace(/\s+/g, ' ')
  const at = flat.toLowerCase().indexOf(word)
  let start = Math.max(0, at - Math.floor((EXCERPT - word.length) / 2))
  // Begin at a word: "…sign in as", not "…cement, sign in as".
  if (start > 0) start = Math.min(at, flat.indexOf(' ', start) + 1 || at)
  const piece = flat.slice(start, start + EXCERPT).trim()
  return `${start > 0 ? '…' : ''}${piece}${start + EXCERPT < flat.length ? '…' : ''}`
}
