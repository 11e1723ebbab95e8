/** What the route handlers (api/handlers.ts) see of the running engine. */
import { join } from 'node:path'
import type { EngineStatus, PushEventName, PushEventPayload } from '../../../shared/contract'
import type { Message, Suggestion } from '../../../shared/domain'
import { connectionsApi, postNoteToSource } from '../connections/connectedTickets'
import type { ConnectionRegistry } from '../connections/connectionRegistry'
import type { SourceRunner } from '../connectors/sourceRunner'
import type { GapWatch } from '../gaps/gapWatch'
import type { EngineHost } from '../host'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import type { Curator } from '../learning/curator'
import type { SettingsService } from '../settings/settingsService'
import type { ArchivedRecords } from '../stats/liveSources'
import { readEventLog } from '../storage/eventLog'
import type { RetiredTicket } from '../storage/retiredTickets'
import { readSuggestionLog } from '../storage/suggestionLog'
import type { SuggestionBook } from '../suggestions/suggestionBook'
import type { SyncService } from '../sync/syncService'
import type { ConversationState } from '../watcher/conversationState'
import type { Watcher } from '../watcher/watcher'
import { bringBackArchived } from './bringBackArchived'
import type { EngineCore } from './core'

export interface EngineContext {
  host: EngineHost
  settings: SettingsService
  knowledge: KnowledgeStore
  curator: Curator
  watcher: Watcher
  suggestions: SuggestionBook
  runner: SourceRunner | null
  now(): Date
  status(): EngineStatus
  emit<K extends PushEventName>(event: K, payload: PushEventPayload<K>): void
  /** Starts answering a question about a ticket; returns the request id its `assist.chunk` events carry. */
  ask(state: ConversationState, question: string): string
  /** Summarizes a ticket and shows the summary card. */
  summarize(state: ConversationState): Promise<Suggestion>
  /** Applies the model settings again (e.g. after the API key changed). */
  reloadModel(): Promise<void>
  connections: ReturnType<typeof connectionsApi>
  /** Posts a note visible to analysts only on the ticket, in the system it came from. */
  postInternalNote(ticketId: string, text: string): Promise<void>
  /** The problems the team's knowledge could not answer. */
  gaps: GapWatch
  /** A ticket in memory, or brought back from the archive (a long-resolved one the workbench opens); else undefined. */
  ticket(ticketId: string): Promise<ConversationState | undefined>
  /** Tickets retired from memory (latest summary and words, most recent first), and one's messages from the archive. */
  retired: { tickets(): Promise<RetiredTicket[]>; messages(ticketId: string): Promise<Message[]> }
  /** The events and suggestions of tickets retired from memory, read back from the archives (for the analytics). */
  archived(): Promise<ArchivedRecords>
  /** Team knowledge sync: remotes, sync now, bundle files, conflicts. */
  sync: SyncService
  /** A person changed the team's knowledge: push it to the team's sync remote soon, as after learning. */
  shareKnowledge(team: string): void
  /** The connection (or `demo`) a ticket came from, when known. */
  ticketSource(ticketId: string): string | undefined
}

export function engineContext(
  core: EngineCore,
  runner: SourceRunner | null,
  connections: ConnectionRegistry,
  status: () => EngineStatus
): EngineContext {
  const { parts, stores } = core
  return {
    host: core.host,
    settings: stores.settings,
    knowledge: stores.knowledge,
    curator: parts.curator,
    watcher: parts.watcher,
    suggestions: parts.suggestions,
    runner,
    now: () => core.clock.now(),
    status,
    emit: (event, payload) => core.emit(event, payload),
    ask: (state, question) =>
      parts.assistant.askInBackground(state, question, (message) => core.warnings.warn(message)),
    summarize: async (state) => {
      const card = await parts.assistant.summarize(state, core.clock.now())
      // Asked again with nothing new on the ticket, the summary already shown is the answer: never a second copy.
      const shown = state.suggestions.filter((suggestion) => suggestion.kind === 'summary').at(-1)
      return shown && shown.text === card.text ? shown : core.show(state, card)
    },
    connections: connectionsApi(connections, core.tickets),
    postInternalNote: (ticketId, text) => postNoteToSource(ticketId, text, core.tickets, runner, connections),
    reloadModel: async () => {
      await parts.models.configure(stores.settings.get().llm, { force: true })
    },
    gaps: parts.gapWatch,
    ticket: async (ticketId) => {
      await bringBackArchived(core, ticketId)
      return parts.watcher.get(ticketId)
    },
    retired: {
      tickets: () => stores.retiredTickets.latest((ticketId) => parts.watcher.get(ticketId) !== undefined),
      messages: async (ticketId) =>
        (await stores.archive.recordsOf(ticketId)).flatMap(({ event }) =>
          event.type === 'message.added' ? [event.message] : []
        )
    },
    archived: async () => {
      const dir = core.host.paths.dataDir
      return {
        events: await readEventLog(join(dir, 'events-archive.jsonl')),
        suggestions: await readSuggestionLog(join(dir, 'suggestions-archive.jsonl'))
      }
    },
    sync: parts.sync,
    shareKnowledge: (team) => parts.sync.noteLearned(team),
    ticketSource: (ticketId) => core.tickets.source(ticketId)?.connectorId
  }
}
