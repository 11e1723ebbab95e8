/** Finding tickets by what their messages say: the workbench's search over conversation text. */
import type { RouteOutput } from '../../../shared/contract'
import type { ConversationState } from '../watcher/conversationState'

const EXCERPT = 90

/**
 * Tickets with a message that contains every word of `query` (case-insensitive), most recently active first, each
 * with an excerpt of the first such message around the first word.
 */
export function searchTickets(states: ConversationState[], query: string): RouteOutput<'tickets.search'> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
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

function excerpt(text: string, word: string): string {
  const flat = text.replace(/\s+/g, ' ')
  const at = flat.toLowerCase().indexOf(word)
  let start = Math.max(0, at - Math.floor((EXCERPT - word.length) / 2))
  // Begin at a word: "…sign in as", not "…cement, sign in as".
  if (start > 0) start = Math.min(at, flat.indexOf(' ', start) + 1 || at)
  const piece = flat.slice(start, start + EXCERPT).trim()
  return `${start > 0 ? '…' : ''}${piece}${start + EXCERPT < flat.length ? '…' : ''}`
}
