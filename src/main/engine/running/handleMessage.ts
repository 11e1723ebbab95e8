/**
 * A message's work on its ticket's queue: the reuse of sent replies, then the message path (speak.ts); recorded
 * in the effects journal (handled.jsonl) once both are done, so a message whose work a kill cut short is handled
 * again at the next start (runningEngine.begin).
 */
import type { SentReuseRecorded } from '../feedback/sentReplies'
import type { ConversationState } from '../watcher/conversationState'
import type { EngineCore } from './core'
import { considerSpeaking } from './speak'

export async function handleMessage(
  core: EngineCore,
  state: ConversationState,
  message: ConversationState['messages'][number],
  now: Date,
  eventId: string
): Promise<void> {
  noteReuse(core, await core.parts.sentReplies.afterAnalystMessage(state, message))
  await considerSpeaking(core, state, message, now)
  await core.stores.handled.done(eventId)
}

/** Tells the renderer about the cards an analyst's sent reply reused. */
export function noteReuse(core: EngineCore, recorded: SentReuseRecorded[]): void {
  for (const { suggestion, kind } of recorded) {
    core.emit('suggestion.updated', suggestion)
    core.activity({ type: 'reuse', suggestion, kind })
  }
}
