/**
 * One team's knowledge: where its entries are (on disk, see entryShelf.ts), their search index, and the write queue
 * in front of its files.
 *
 * Writes go through one queue per team, so lines never interleave and a counter bump always starts from the latest
 * value. Operations queued while a write is in flight are written together with one fsync (group commit); each
 * caller's promise resolves only once its record is on disk, and memory changes only after that.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import type { Logger } from '../host'
import { EntryCatalogue } from './entryCatalogue'
import { EntryShelf } from './entryShelf'
import type { KnowledgeIndex } from './knowledgeIndex'
import type { EntryEmbedder } from './vectors/entryEmbedder'
import type { KnowledgeStamp } from './knowledgeStamp'
import { join } from 'node:path'
import { openSearchIndex, switchEmbedder } from './searchIndexOpener'
import { backgroundIndexFrom, SearchIndexQueue } from './searchIndexQueue'
import { TeamCatalogue } from './teamCatalogue'
import { TeamFiles } from './teamFiles'
import type { LoadProblem } from './teamLoader'
import type { OpenedTeam } from './teamOpener'
import { acceptBatch, storageFailed, type Operation, type Pending } from './writeBatch'
import { compactAtClose, compactionDue } from './compactionPolicy'
import type { HybridOptions } from './knowledgeSearch'

export { backgroundIndexFrom } from './searchIndexQueue'

export type { Operation } from './writeBatch'

export interface TeamKnowledgeOptions {
  root: string
  logger: Logger
  compactEvery: number
  /** The embedding model, when one is configured: entries get vectors and hybrid search works. */
  embedder?: EntryEmbedder
}

export class TeamKnowledge {
  private readonly entries: EntryShelf
  private readonly files: TeamFiles
  private loadProblem: LoadProblem | null
  /** Records appended since the last compaction. */
  private logRecords: number
  /** The search index as it becomes ready: opened at start, then kept current by writes (searchIndexQueue.ts). */
  private readonly index: SearchIndexQueue
  /** Why the search index was rebuilt instead of loaded at open; null when it was loaded (or nothing to load). */
  readonly indexRebuilt: string | null
  /** Why the entries' vectors were derived again instead of loaded (known once the index is ready), or null. */
  vectorsRebuilt: string | null = null
  private pending: Pending[] = []
  /** What lists, counts and statistics read of every entry, without reading every entry (teamCatalogue.ts). */
  readonly catalogue: TeamCatalogue
  /** The model whose vectors every indexed entry has (hybrid search is worth asking for), or null. */
  private hybridModel: EntryEmbedder | null = null
  /** Counts `useEmbedder` calls, so that a model replaced while its entries were embedded never becomes ready. */
  private embedderTurn = 0
  /** The write queue: every flush and compaction runs after the previous one. Never rejects. */
  private queue: Promise<void> = Promise.resolve()

  private constructor(
    readonly team: string,
    readonly folder: string,
    opened: OpenedTeam | null,
    private readonly options: TeamKnowledgeOptions
  ) {
    this.entries = opened?.shelf ?? new EntryShelf(join(options.root, folder))
    this.files = new TeamFiles(options.root, folder, team, opened, options.logger)
    this.loadProblem = opened?.problem ?? null
    this.logRecords = opened?.logRecords ?? 0
    this.indexRebuilt = opened?.rebuildReason ?? null
    // Restored from catalogue.bin in the background, or built from the entries (then saved) when there is none
    // (written before it was saved); complete at once when every entry was read, and for a new team.
    this.catalogue = new TeamCatalogue(
      this.entries,
      opened?.catalogue || !opened
        ? { complete: opened?.catalogue ?? new EntryCatalogue() }
        : {
            folderPath: join(options.root, folder),
            snapshot: opened.snapshot,
            logged: opened.changes.map((change) => change.entry)
          },
      () => this.enqueue(() => this.saveCatalogue())
    )
    // Loading a saved index is quick; rebuilding one (tokenising every entry) is the slow part of opening a large
    // team, so both run in the background: entries are readable and writable at once; search, and the index update
    // of a write, wait for it.
    this.index = new SearchIndexQueue(this.openIndex(opened), team, options.logger)
    // The catalogue is restored (or built) once the index is open: it never holds up the start or the first search.
    const prepareCatalogue = () => void this.catalogue.prepare()
    this.index.ready.then(prepareCatalogue, prepareCatalogue)
    this.index.ready.then(
      (index) => {
        if (options.embedder && !index.vectorProblem && this.embedderTurn === 0)
          this.hybridModel = options.embedder
      },
      (error: unknown) => {
        options.logger.error('knowledge: indexing failed', { team, error: String(error) })
      }
    )
    if (this.indexRebuilt)
      options.logger.warn('knowledge: search index rebuilt from the entries', {
        team,
        reason: this.indexRebuilt
      })
  }

  private async openIndex(opened: OpenedTeam | null): Promise<KnowledgeIndex> {
    const { index, vectorsRebuilt } = await openSearchIndex(
      opened,
      join(this.options.root, this.folder),
      this.options.embedder,
      (id) => this.entries.get(id),
      { logger: this.options.logger, team: this.team }
    )
    this.vectorsRebuilt = vectorsRebuilt
    // Saved at once, so the next open loads them.
    if (vectorsRebuilt !== null) this.enqueue(() => this.files.saveVectors(index))
    return index
  }

  /** After a rebuild, saves the index (with a fresh snapshot) once built, so the next open loads it. */
  saveRebuiltIndex(): void {
    if (!this.indexRebuilt || this.problem) return
    this.compact().catch((error: unknown) => {
      this.options.logger.warn('knowledge: the rebuilt search index could not be saved', {
        team: this.team,
        error: String(error)
      })
    })
  }

  static fromOpened(opened: OpenedTeam, options: TeamKnowledgeOptions): TeamKnowledge {
    return new TeamKnowledge(opened.team, opened.folder, opened, options)
  }

  /** A team with no folder yet; the folder is created by the first write. */
  static empty(team: string, folder: string, options: TeamKnowledgeOptions): TeamKnowledge {
    return new TeamKnowledge(team, folder, null, options)
  }

  /** Why this team is read-only, or null when it accepts writes. */
  get problem(): LoadProblem | null {
    return this.loadProblem ?? this.files.damage
  }

  /** Refuses all further writes (reads keep working) until the store is reopened. */
  markUnavailable(problem: LoadProblem): void {
    this.loadProblem ??= problem
  }

  get size(): number {
    return this.entries.size
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id)
  }

  list(statuses?: readonly EntryStatus[]): KnowledgeEntry[] {
    return [...this.entries.entries(statuses ? (status) => statuses.includes(status) : undefined)]
  }

  /** How many entries have each status, from memory. */
  countStatuses(): Record<EntryStatus, number> {
    return this.entries.countStatuses()
  }

  /** Entries given a new version after `revision` (all of them without one), and the revision to ask from next. */
  changedSince(revision: number | undefined): { entries: KnowledgeEntry[]; revision: number } {
    const now = this.entries.currentRevision
    if (revision === undefined) return { entries: this.list(), revision: now }
    const entries = this.entries.idsPlacedSince(revision).flatMap((id) => this.entries.get(id) ?? [])
    return { entries, revision: now }
  }

  /** Entries on disk that search does not find yet: a large batch being indexed in the background. */
  get indexing(): number {
    return this.index.pending
  }

  /** Whether the search index opened at start is ready (loading a saved one, or rebuilding it, is done). */
  get searchable(): boolean {
    return this.index.searchable
  }

  /** Resolves once everything written so far is searchable (never rejects: indexing failures are logged). */
  async indexed(): Promise<void> {
    await this.index.settled()
  }

  /** Where the team's files stand (see knowledgeStamp.ts); null while it refuses writes. */
  stamp(): KnowledgeStamp | null {
    return this.problem ? null : this.files.stamp()
  }

  /** Entries whose current version was written to the log at or after byte `logSize`. */
  writtenSince(logSize: number): KnowledgeEntry[] {
    return [...this.entries.loggedSince(logSize)]
  }

  async search(query: string, limit: number, statuses: readonly EntryStatus[], hybrid?: HybridOptions) {
    const index = await this.index.ready
    const vector = hybrid ? await index.embedQuery(query) : null
    const hits = await index.search(query, limit, statuses, vector ? { ...hybrid!, vector } : undefined)
    return hits.flatMap((hit) => {
      const entry = this.entries.get(hit.id)
      if (!entry) return []
      return [{ entry, score: hit.score, ...(hit.cosine !== undefined ? { cosine: hit.cosine } : {}) }]
    })
  }

  /** Whether every indexed entry has a vector of the current model, so that hybrid search is worth asking for. */
  get hybridReady(): boolean {
    return this.hybridModel !== null && this.hybridModel === this.options.embedder
  }

  /**
   * Switches the team to `embedder` (null: none) once its index is ready: saved vectors of the same model and
   * snapshot are restored (except entries written to the log since), the other entries embedded in the background;
   * `hybridReady` once all have a vector. A model that fails leaves the team on full text, said once in the log.
   * Never rejects.
   */
  async useEmbedder(embedder: EntryEmbedder | null): Promise<void> {
    const turn = ++this.embedderTurn
    this.hybridModel = null
    const index = await this.index.ready.catch(() => null)
    if (!index || turn !== this.embedderTurn) return
    let switched
    try {
      switched = await switchEmbedder(index, embedder, {
        folderPath: join(this.options.root, this.folder),
        stamp: this.files.stamp(),
        loggedIds: () => this.writtenSince(0).map((entry) => entry.id),
        entry: (id) => this.entries.get(id),
        current: () => turn === this.embedderTurn
      })
    } catch (error) {
      this.options.logger.warn('knowledge: entries could not be embedded; search stays full text', {
        team: this.team,
        error: String(error)
      })
      return
    }
    if (!switched || !embedder || turn !== this.embedderTurn) return
    if (index.vectorProblem) {
      this.options.logger.warn('knowledge: entries could not be embedded; search stays full text', {
        team: this.team,
        entries: index.entriesWithoutVector,
        error: index.vectorProblem
      })
      return
    }
    this.hybridModel = embedder
    // Saved at once, so the next start restores them instead of embedding every entry again.
    if (!switched.restored) this.enqueue(() => this.files.saveVectors(index))
  }

  /** Queues an operation; resolves with the resulting entry once its record is durably on disk. */
  write(operation: Operation, options: { quiet?: boolean } = {}): Promise<KnowledgeEntry> {
    const result = new Promise<KnowledgeEntry>((resolve, reject) => {
      this.pending.push({ operation, quiet: options.quiet ?? false, resolve, reject })
    })
    this.enqueue(() => this.flush())
    return result
  }

  /** Rewrites the snapshot from memory and empties the log. */
  compact(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue(() => this.compactNow().then(resolve, reject))
    })
  }

  /**
   * Waits for queued writes, compacts when the log is large for the team (past 256 KiB, with a quarter as many
   * records as there are entries: replaying it at the next open re-indexes every record, about 0.2 s of CPU per MiB,
   * while writing the snapshot of a team that size takes a few tens of ms), then releases the log file.
   */
  async close(): Promise<void> {
    // Entries still being embedded in the background (useEmbedder) are neither made searchable nor saved now.
    this.embedderTurn += 1
    const large = compactAtClose({ records: this.logRecords, bytes: this.files.logBytes }, this.entries.size)
    if (large && !this.problem)
      await this.compact().catch((error: unknown) => {
        this.options.logger.warn('knowledge: compaction at close failed', {
          team: this.team,
          error: String(error)
        })
      })
    await this.queue
    await this.index.settled()
    // A batch indexed in the background queues its compaction once indexed (see `flush`).
    await this.queue
    await this.files.close()
    this.entries.close()
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.options.logger.error('knowledge: unexpected write-queue failure', {
        team: this.team,
        error: String(error)
      })
    })
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0)
    if (batch.length === 0) return
    if (this.problem) {
      for (const item of batch) item.reject(this.unavailable())
      return
    }
    // Every record is computed against the latest state, including earlier records of this same batch.
    const accepted = acceptBatch(batch, (id) => this.entries.get(id))
    if (accepted.length === 0) return
    let locations
    try {
      locations = await this.files.append(accepted.map(({ record }) => JSON.stringify(record)))
    } catch (error) {
      for (const { item } of accepted)
        item.reject(storageFailed(`save knowledge for team "${this.team}"`, error))
      return
    }
    accepted.forEach(({ item, record, entry }, i) => {
      if (record.op === 'put') {
        this.entries.place(entry.id, entry.status, locations[i]!, entry, item.quiet)
        this.catalogue.note(entry)
      } else this.entries.setCounters(entry.id, entry.counters)
    })
    // The records are durable from here on, so every caller is told so even if indexing fails (already logged).
    const puts = accepted.filter(({ record }) => record.op === 'put')
    if (puts.length >= backgroundIndexFrom) {
      this.index.later(puts.map(({ entry, previous }) => ({ entry, previous })))
      for (const { item, entry } of accepted) item.resolve(entry)
      this.logRecords += accepted.length
      // Compaction saves the index, so it waits for it; queued then, the writes after this one are not held up.
      void this.index.ready.then(
        () => this.enqueue(() => this.compactIfDue()),
        () => undefined
      )
      return
    }
    const index = await this.index.ready.catch(() => null)
    for (const { item, record, entry, previous } of accepted) {
      if (index && record.op === 'put') await this.index.upsert(index, { entry, previous })
      item.resolve(entry)
    }
    this.logRecords += accepted.length
    await this.compactIfDue()
  }

  private async compactIfDue(): Promise<void> {
    if (compactionDue({ records: this.logRecords }, this.entries.size, this.options.compactEvery)) {
      await this.compactNow().catch((error: unknown) => {
        // The records are safe in the log; compaction is retried after the next write.
        this.options.logger.warn('knowledge: compaction failed', { team: this.team, error: String(error) })
      })
    }
  }

  private async compactNow(): Promise<void> {
    if (this.problem) throw this.unavailable()
    const index = await this.index.ready.catch(() => null)
    try {
      await this.files.replaceSnapshot(this.entries, index)
    } catch (error) {
      throw storageFailed(`compact knowledge for team "${this.team}"`, error)
    }
    this.logRecords = 0
    await this.saveCatalogue()
  }

  /** Saves the catalogue over the current snapshot once it is complete (runs in the write queue, between writes). */
  private async saveCatalogue(): Promise<void> {
    if (this.problem) return
    const catalogue = this.catalogue.current
    if (catalogue) await this.files.saveCatalogue(catalogue.columns())
  }

  private unavailable(): VigilError {
    return new VigilError(
      ErrorCode.knowledgeUnavailable,
      `Knowledge of team "${this.team}" is read-only until this is fixed: ${this.problem?.message ?? ''}`
    )
  }
}
