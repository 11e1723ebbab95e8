/** Read models for the renderer, derived from conversation state. */
import type { TicketDetail, TicketSummary } from '../../../shared/contract'
import type { ConversationState } from '../watcher/conversationState'

export function ticketSummary(
  state: ConversationState,
  now: Date,
  stalledAfterMinutes: number
): TicketSummary {
  return {
    ...state.ticket,
    messageCount: state.messages.length,
    suggestionCount: state.suggestions.length,
    lastMessageAt: state.messages.at(-1)?.time ?? null,
    phase: state.phase(now, stalledAfterMinutes)
  }
}

export function ticketDetail(state: ConversationState, now: Date, stalledAfterMinutes: number): TicketDetail {
  return {
    ticket: ticketSummary(state, now, stalledAfterMinutes),
    messages: [...state.messages],
    suggestions: [...state.suggestions]
  }
}
