/** What the running engine's steps (applying an event, speaking, learning) share: all built before the first step. */
import type { PushEventName, PushEventPayload } from '../../../shared/contract'
import type { Suggestion } from '../../../shared/domain'
import type { ConnectedTickets } from '../connections/connectedTickets'
import type { EngineHost } from '../host'
import type { PendingLearning } from '../learning/pendingLearning'
import type { EngineActivity, EngineOptions } from '../types'
import type { ConversationState } from '../watcher/conversationState'
import type { EngineParts } from './buildParts'
import type { EngineClock } from './engineClock'
import type { EngineStores } from './openStores'
import type { ResolvedRetirement } from './retireResolved'
import type { EngineWarnings } from './warnings'

export interface EngineCore {
  readonly host: EngineHost
  readonly options: EngineOptions
  readonly stores: EngineStores
  readonly parts: EngineParts
  readonly warnings: EngineWarnings
  readonly clock: EngineClock
  /** Which source each ticket came from (for internal notes and the connections screen). */
  readonly tickets: ConnectedTickets
  /** Customer and analyst messages the pipeline has looked at (the status's `messages`). */
  readonly counts: { messages: number }
  /** Resolutions whose learning failed for a fixable reason: a status problem, retried (learning/pendingLearning.ts). */
  readonly unlearned: PendingLearning
  /** Takes long-resolved tickets out of memory (retireResolved.ts). */
  readonly retirement: ResolvedRetirement
  emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void
  activity(activity: EngineActivity): void
  statusChanged(): void
  /** Puts a card on the analyst's screen, after the risk checks; returns it as shown. */
  show(state: ConversationState, unchecked: Suggestion): Promise<Suggestion>
  /** Pushes the ticket's summary (its phase, counts) to the renderer. */
  emitTicket(state: ConversationState): void
}
