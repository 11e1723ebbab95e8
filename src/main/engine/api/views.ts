/** Read models for the renderer, derived from conversation state. */
import type { TicketDetail, TicketSummary } from '../../../shared/contract'
import type { Severity } from '../../../shared/domain'
import { caseTracker } from '../assist/caseTracker'
import type { ConversationState } from '../watcher/conversationState'

const severityRank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 }

/** `source`: the connection (or `demo`) the ticket came from, when known. */
export function ticketSummary(
  state: ConversationState,
  now: Date,
  stalledAfterMinutes: number,
  source?: string
): TicketSummary {
  const escalation = state.suggestions
    .flatMap((suggestion) =>
      suggestion.kind === 'escalation' && suggestion.severity ? [suggestion.severity] : []
    )
    .sort((a, b) => severityRank[b] - severityRank[a])[0]
  return {
    ...state.ticket,
    messageCount: state.messages.length,
    suggestionCount: state.suggestions.length,
    lastMessageAt: state.messages.at(-1)?.time ?? null,
    phase: state.phase(now, stalledAfterMinutes),
    requester: state.messages.find((message) => message.authorRole === 'customer')?.authorName ?? null,
    ...(source ? { source } : {}),
    ...(escalation ? { escalation } : {})
  }
}

export function ticketDetail(
  state: ConversationState,
  now: Date,
  stalledAfterMinutes: number,
  source?: string
): TicketDetail {
  return {
    ticket: ticketSummary(state, now, stalledAfterMinutes, source),
    messages: [...state.messages],
    suggestions: [...state.suggestions],
    tracker: caseTracker(state, { now, stalledAfterMinutes })
  }
}
