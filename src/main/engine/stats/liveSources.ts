/**
 * The statistics' records as a running engine holds them (its conversations, suggestions, knowledge and gaps), so
 * the analytics page never re-reads files the engine is writing.
 */
import type { KnowledgeGap, Suggestion } from '../../../shared/domain'
import { eventTime, type ConnectorEvent } from '../../../shared/events'
import { eventTicketId as ticketIdOf } from '../storage/eventLog'
import { factsFromEntries, type KnowledgeFacts } from '../knowledge/knowledgeFacts'
import type { ConversationState } from '../watcher/conversationState'
import type { StatsSources } from './teamStats'

export interface LiveRecords {
  conversations: readonly ConversationState[]
  suggestions: readonly Suggestion[]
  /** What the figures need of the team's knowledge, from the store's catalogue (knowledge/knowledgeFacts.ts). */
  knowledge: KnowledgeFacts
  gaps(team: string): KnowledgeGap[]
  teams: readonly string[]
}

/** What the engine retired from memory (running/retireResolved.ts), read back from the archives. */
export interface ArchivedRecords {
  events: readonly ConnectorEvent[]
  suggestions: readonly Suggestion[]
}

export function liveStatsSources(
  records: LiveRecords,
  team: string,
  archived: ArchivedRecords = { events: [], suggestions: [] }
): StatsSources {
  // A ticket brought back from the archive counts once, as it is in memory.
  const inMemory = new Set(records.conversations.map((state) => state.ticket.id))
  const shown = new Set(records.suggestions.map((suggestion) => suggestion.id))
  const events = [
    ...archived.events.filter((event) => !inMemory.has(ticketIdOf(event))),
    ...records.conversations.flatMap(eventsOf)
  ]
  return {
    suggestions: [
      ...archived.suggestions.filter((suggestion) => !shown.has(suggestion.id)),
      ...records.suggestions
    ],
    events: events.sort((a, b) => eventTime(a).localeCompare(eventTime(b))),
    knowledge: (name) => (name === team ? records.knowledge : factsFromEntries([])),
    gaps: records.gaps(team),
    teams: [...records.teams]
  }
}

/** A conversation as the events that built it: its opening, then its messages. */
function eventsOf(state: ConversationState): ConnectorEvent[] {
  return [
    // Dated at its opening (its updatedAt is the latest change), so that it sorts before its messages.
    {
      eventId: `open:${state.ticket.id}`,
      type: 'ticket.opened',
      ticket: { ...state.ticket, updatedAt: state.ticket.createdAt }
    },
    ...state.messages.map((message) => ({ eventId: message.id, type: 'message.added' as const, message }))
  ]
}
