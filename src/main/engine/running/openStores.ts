/**
 * Opens everything the engine keeps on disk, in the data folder, before any part of the running engine is built:
 * settings, knowledge, the event log, the learning journal, suggestions, cursors, adaptation, wordings, gaps and
 * the recorded source. If one fails to open, those already open are closed again and the error propagates.
 */
import { join } from 'node:path'
import type { Suggestion } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { loadRecordedSource, type RecordedSource } from '../connectors/createSourceRunner'
import { effectKeys } from '../feedback/reactionEffects'
import { KnowledgeGaps } from '../gaps/knowledgeGaps'
import type { EngineHost } from '../host'
import { KnowledgeStore } from '../knowledge/knowledgeStore'
import { AdaptiveIntervention } from '../learning/adaptiveIntervention'
import { MatcherMemory } from '../retrieval/matcherMemory'
import { WordingMemory } from '../learning/wordingMemory'
import { SettingsService } from '../settings/settingsService'
import { CursorStore } from '../storage/cursorStore'
import { EffectsJournal } from '../storage/effectsJournal'
import { EventArchive } from '../storage/eventArchive'
import { EventLog } from '../storage/eventLog'
import { rotateEventLog } from '../storage/eventRotation'
import { LearningJournal } from '../storage/learningJournal'
import { RetiredTickets } from '../storage/retiredTickets'
import { SuggestionArchive } from '../storage/suggestionArchive'
import { SuggestionLog } from '../storage/suggestionLog'
import type { EngineOptions } from '../types'
import type { EngineWarnings } from './warnings'

/** A resolution found in the event log: learned at start if the learning journal does not have it. */
export interface LoggedResolution {
  eventId: string
  ticketId: string
  at: string
}

export interface EngineStores {
  readonly settings: SettingsService
  readonly knowledge: KnowledgeStore
  readonly eventLog: EventLog
  /** Where long-resolved tickets' events went at start; a ticket comes back from it when it gets a new event. */
  readonly archive: EventArchive
  /** The events already processed, oldest first: the engine rebuilds its conversations from them. */
  readonly logged: readonly { connectorId: string; event: ConnectorEvent }[]
  readonly resolutions: readonly LoggedResolution[]
  readonly journal: LearningJournal
  /** Which logged messages have had their work done (cards, reuse): the rest are handled again at start. */
  readonly handled: EffectsJournal
  /** Which logged cards and reactions have had their effects (counters, adaptation): the rest are redone at start. */
  readonly reacted: LearningJournal
  readonly suggestionLog: SuggestionLog
  /** The suggestions of tickets retired from memory; they come back with their ticket. */
  readonly suggestionArchive: SuggestionArchive
  /** Summaries and words of the retired tickets, so the workbench lists and searches them (not read at start). */
  readonly retiredTickets: RetiredTickets
  /** The suggestions already shown, restored into the suggestion book. */
  readonly shown: readonly Suggestion[]
  readonly cursors: CursorStore
  readonly adaptive: AdaptiveIntervention
  /** Null when the engine was built without the wording model (the evaluation measures what it adds). */
  readonly wordings: WordingMemory | null
  readonly gaps: KnowledgeGaps
  /** The matcher's per-team state, restored from its summaries (see retrieval/matcherMemory.ts). */
  readonly matchers: MatcherMemory
  /** Null when the engine has no recorded source (`source.kind === 'none'`). */
  readonly source: RecordedSource | null
  /** Flushes and closes every store. */
  close(): Promise<void>
}

export async function openStores(
  host: EngineHost,
  options: EngineOptions,
  warnings: EngineWarnings
): Promise<EngineStores> {
  const dataDir = host.paths.dataDir
  const warn = (message: string): void => warnings.warn(message)
  const settings = new SettingsService(host.settings)
  for (const warning of settings.getWarnings()) warnings.warn(warning)

  const knowledge = await KnowledgeStore.open({
    dir: join(dataDir, 'knowledge'),
    logger: host.logger,
    compactEvery: options.knowledgeCompactEvery
  })
  // Each store opened is closed again if a later one fails, so a failed start leaves no file half-written.
  const closers: (() => Promise<void>)[] = [() => knowledge.close()]
  try {
    for (const problem of knowledge.problems())
      warnings.keep(
        `${problem.message}. Team "${problem.team}" is served as it stood before that line (nothing after it is read) and takes no changes until the file is repaired`
      )
    for (const note of knowledge.indexNotes())
      warnings.keep(`Knowledge of team "${note.team}": ${note.message}`)
    // Long-resolved tickets leave the log (and memory) for the archive, so start-up reads a bounded amount.
    const archive = await EventArchive.open(dataDir, warn)
    closers.unshift(() => archive.close())
    await rotateEventLog({
      dataDir,
      archive,
      retentionDays: settings.get().resolvedRetentionDays,
      minBytes: options.rotateAboveBytes,
      report: warn
    })
    const opened = await EventLog.open(join(dataDir, 'events.jsonl'), warn, options.compactLogsAtLeast)
    closers.unshift(() => opened.log.close())
    const resolutions = opened.events.flatMap(({ event }) =>
      event.type === 'ticket.resolved'
        ? [{ eventId: event.eventId, ticketId: event.ticketId, at: event.at }]
        : []
    )
    const journal = await LearningJournal.open(
      join(dataDir, 'learned.jsonl'),
      resolutions.map((resolution) => resolution.eventId),
      warn,
      false
    )
    closers.unshift(() => journal.close())
    const handled = await EffectsJournal.open(
      join(dataDir, 'handled.jsonl'),
      opened.events.map(({ event }) => event)
    )
    closers.unshift(() => handled.close())
    const suggestionLog = await SuggestionLog.open(
      join(dataDir, 'suggestions.jsonl'),
      warn,
      options.compactLogsAtLeast
    )
    closers.unshift(() => suggestionLog.log.close())
    // One record per card or reaction, synced with the cursor like the other journals (see reactionEffects.ts).
    const reacted = await LearningJournal.open(
      join(dataDir, 'reacted.jsonl'),
      effectKeys(suggestionLog.suggestions),
      warn,
      false
    )
    closers.unshift(() => reacted.close())
    const suggestionArchive = await SuggestionArchive.open(dataDir, warn)
    closers.unshift(() => suggestionArchive.close())
    const retiredTickets = new RetiredTickets(dataDir, warn)
    closers.unshift(() => retiredTickets.close())
    // A cursor is written only after the events it covers are synced: a durable cursor never outruns the log. The
    // journals (one record per message or resolution) are group-committed there too rather than synced per record.
    const cursors = await CursorStore.open(join(dataDir, 'cursors.json'), () => {
      journal.sync()
      handled.sync()
      reacted.sync()
      opened.log.sync()
    })
    closers.unshift(() => cursors.flush())
    const adaptive = await AdaptiveIntervention.open(join(dataDir, 'adaptive.json'), warn)
    const wordings =
      options.wordingModel === false
        ? null
        : await WordingMemory.open(join(dataDir, 'wordings'), knowledge, warn)
    if (wordings) closers.unshift(() => wordings.flush())
    const matchers = await MatcherMemory.open(join(dataDir, 'matcher'), knowledge, warn)
    const gaps = await KnowledgeGaps.open(join(dataDir, 'gaps.json'), warn)
    closers.unshift(() => gaps.flush())
    const source = await loadRecordedSource(options.source, {
      resourcesDir: host.paths.resourcesDir,
      demoSpeed: settings.get().demo.speed
    })
    return {
      settings,
      knowledge,
      eventLog: opened.log,
      archive,
      logged: opened.events,
      resolutions,
      journal,
      handled,
      reacted,
      suggestionLog: suggestionLog.log,
      suggestionArchive,
      retiredTickets,
      shown: suggestionLog.suggestions,
      cursors,
      adaptive,
      wordings,
      gaps,
      matchers,
      source,
      close: async () => {
        // Everything but the knowledge at once; the knowledge last (its files are what every other store refers to).
        await Promise.all(closers.slice(0, -1).map((close) => close()))
        await knowledge.close()
        // Once the knowledge is closed its stamp is final: the summaries saved now are current at the next start.
        await matchers.save()
      }
    }
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined)
    throw error
  }
}
