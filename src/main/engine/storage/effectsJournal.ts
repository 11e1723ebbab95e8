/**
 * Which logged messages have had their effects: the cards Vigil showed (or its decision to stay silent) and the
 * sent-reply reuse. An event is logged before its work runs on the ticket's queue, so a process killed in between
 * would drop that work for good (the re-delivered event is recognised as logged and skipped). On start, the engine
 * redoes the work of every logged message not in this journal, unless a card it triggered is already stored.
 * Resolutions have their own journal (learned.jsonl). A data folder from before this journal counts as handled.
 */
import type { ConnectorEvent } from '../../../shared/events'
import type { Message } from '../../../shared/domain'
import type { ConversationState } from '../watcher/conversationState'
import type { Watcher } from '../watcher/watcher'
import { LearningJournal } from './learningJournal'

export interface UnhandledMessage {
  eventId: string
  state: ConversationState
  message: Message
  /** The message's time: the clock its work runs under, as it would have live. */
  now: Date
}

export class EffectsJournal {
  private constructor(private readonly journal: LearningJournal) {}

  /** `logged`: every event already in the event log (as the engine sees it), oldest first. */
  static async open(file: string, logged: readonly ConnectorEvent[]): Promise<EffectsJournal> {
    const messages = logged.filter((event) => event.type === 'message.added').map((event) => event.eventId)
    // The same rules as the learning journal: a set of event ids, and a fresh file counts what is logged as done.
    // One record per message, so it is not synced per record (that was most of a message's cost): a record reaches
    // the OS at once (a killed process loses none) and the disk with the event log (`sync()`, before a cursor is
    // saved) and at close. Power loss can only drop the last records, and a message without one is handled again
    // at start, as after a kill between its work and its record.
    return new EffectsJournal(await LearningJournal.open(file, messages, undefined, false))
  }

  /** Records that the work of message event `eventId` is complete. */
  done(eventId: string): Promise<void> {
    return this.journal.learnedFrom(eventId)
  }

  /** Logged messages whose work never completed and left no card behind, oldest first. */
  unhandled(logged: readonly ConnectorEvent[], watcher: Watcher): UnhandledMessage[] {
    const pending: UnhandledMessage[] = []
    for (const event of logged) {
      if (event.type !== 'message.added' || this.journal.has(event.eventId)) continue
      const state = watcher.get(event.message.ticketId)
      const message = state?.messages.find((item) => item.id === event.message.id)
      if (!state || !message) continue
      // A card it triggered is stored: the work got that far, and showing it again would repeat Vigil.
      if (state.suggestions.some((suggestion) => suggestion.triggerMessageId === message.id)) continue
      pending.push({ eventId: event.eventId, state, message, now: new Date(message.time) })
    }
    return pending
  }

  /** Keeps only the ids of events still in the compacted event log (see LearningJournal.keepOnly). */
  keepOnly(logged: ReadonlySet<string>): void {
    this.journal.keepOnly(logged)
  }

  /** Makes every record so far survive power loss. */
  sync(): void {
    this.journal.sync()
  }

  close(): Promise<void> {
    return this.journal.close()
  }
}
