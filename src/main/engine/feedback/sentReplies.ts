/**
 * Learning from what was actually sent: each analyst message is compared with the suggestions shown on its ticket
 * before it; a reply that reuses one records it as adopted or edited, with no click. At resolution every suggestion
 * nothing was reused from is recorded as ignored. Recorded as feedback `via: 'sent'`, so ranking (entry counters),
 * the case review and the team's adaptation take it like the buttons while the figures keep the two apart.
 */
import { isSendableKind, type Message, type Suggestion } from '../../../shared/domain'
import { recordedCaseOf } from '../connectors/replayConnector'
import type { SuggestionBook } from '../suggestions/suggestionBook'
import { isReplyToCustomer, type ConversationState } from '../watcher/conversationState'
import { classifyReuse, reuseScore } from './sentReplyMatcher'

/**
 * Whether a card cites knowledge learned from the very case this ticket replays: the replayed analyst wrote the
 * reply before any card existed, and the entry was learned from that reply, so a match says nothing about use.
 */
const citesItsOwnRecording = (suggestion: Suggestion, ticketId: string): boolean => {
  const own = recordedCaseOf(ticketId)
  return suggestion.citations.some((citation) =>
    citation.sourceTicketIds.some((source) => recordedCaseOf(source) === own)
  )
}

export interface SentReuseRecorded {
  suggestion: Suggestion
  kind: 'adopted' | 'edited' | 'ignored'
}

export class SentReplies {
  /** The book counts a first reuse toward the team's adaptation, as the buttons do (reactionEffects.ts). */
  constructor(private readonly book: SuggestionBook) {}

  /** Compares an analyst's message with the suggestions shown before it that nothing was reused from yet. */
  async afterAnalystMessage(state: ConversationState, message: Message): Promise<SentReuseRecorded[]> {
    // An internal note reaches the team, not the customer: it adopts nothing.
    if (!isReplyToCustomer(message)) return []
    const recorded: SentReuseRecorded[] = []
    for (const suggestion of this.pending(state, message.time)) {
      const score = reuseScore(suggestion.text, message.text)
      const kind = classifyReuse(score)
      if (!kind) continue
      const updated = await this.book.recordSent(
        suggestion.id,
        kind,
        new Date(message.time),
        score.suggestionShare
      )
      if (!updated) continue
      recorded.push({ suggestion: updated, kind })
    }
    return recorded
  }

  /** The ticket resolved: what nothing was reused from was ignored. */
  async atResolution(state: ConversationState, at: Date): Promise<SentReuseRecorded[]> {
    const recorded: SentReuseRecorded[] = []
    for (const suggestion of this.pending(state, at.toISOString())) {
      const updated = await this.book.recordSent(suggestion.id, 'ignored', at, 0)
      if (updated) recorded.push({ suggestion: updated, kind: 'ignored' })
    }
    return recorded
  }

  private pending(state: ConversationState, before: string): Suggestion[] {
    return state.suggestions.filter(
      (suggestion) =>
        isSendableKind(suggestion.kind) &&
        suggestion.text.trim() !== '' &&
        !citesItsOwnRecording(suggestion, state.ticket.id) &&
        Date.parse(suggestion.createdAt) <= Date.parse(before) &&
        !suggestion.feedback.some((feedback) => feedback.via === 'sent')
    )
  }
}
