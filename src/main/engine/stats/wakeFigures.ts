/**
 * How many messages the wake gate let pass without retrieval or a model call, recomputed from the event log with
 * the same gate the engine runs (pipeline/wakeGate.ts), the team's shown suggestions counting toward its "the analyst
 * dismissed suggestions here" rule.
 */
import type { Suggestion } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { wakeGate } from '../pipeline/wakeGate'
import { Watcher } from '../watcher/watcher'

export function wakeFigures(
  events: readonly ConnectorEvent[],
  suggestions: readonly Suggestion[],
  team: string,
  inRange: (iso: string) => boolean
): { messages: number; woken: number; avoided: number } {
  const watcher = new Watcher()
  const pending = new Map<string, Suggestion[]>()
  for (const suggestion of [...suggestions].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    pending.set(suggestion.ticketId, [...(pending.get(suggestion.ticketId) ?? []), suggestion])
  }
  let messages = 0
  let woken = 0
  for (const event of events) {
    let change
    try {
      change = watcher.apply(event)
    } catch {
      continue // an event for a ticket the log never opened: the engine skipped it too
    }
    if (change.type !== 'message' || change.state.ticket.team !== team) continue
    const message = change.state.messages[change.messageIndex]!
    const queue = pending.get(message.ticketId) ?? []
    while (queue.length > 0 && queue[0]!.createdAt <= message.time)
      change.state.suggestions.push(queue.shift()!)
    // An internal note is the team talking to itself: never a message the wake gate could have answered.
    if (!inRange(message.time) || message.internal) continue
    messages += 1
    if (wakeGate(change.state, message, 'active').wake) woken += 1
  }
  return { messages, woken, avoided: messages - woken }
}
