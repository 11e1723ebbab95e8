/**
 * Open tickets whose customer has waited too long wake the pipeline once per unanswered message. Checked after
 * every event, so rebuilding from the event log marks exactly the stalls that were handled live.
 */
import type { ConversationState } from '../watcher/conversationState'
import type { Watcher } from '../watcher/watcher'

/** The tickets newly stalled at `now`, each marked as handled (in stream order) for its waiting message. */
export function newStalls(watcher: Watcher, now: Date, stalledAfterMinutes: number): ConversationState[] {
  const stalled: ConversationState[] = []
  for (const state of watcher.open()) {
    if (state.phase(now, stalledAfterMinutes) !== 'stalled') continue
    const waiting = state.lastMessage('customer')
    if (!waiting || state.stallHandledFor === waiting.id) continue
    // Marked now, in stream order, so rebuilding from the log marks the same stalls; the check itself queues.
    state.stallHandledFor = waiting.id
    stalled.push(state)
  }
  return stalled
}
