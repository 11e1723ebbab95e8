/**
 * The KnowledgeStore: durable per-team knowledge entries and a full-text index per team. The only writer of the
 * files under `dir`.
 *
 * On disk, per team, a folder `<dir>/<team-folder>/` holds `team.json` (the real team name), `snapshot.jsonl` (one
 * entry per line, rewritten atomically on compaction), `entries.jsonl` (the append-only log since then) and
 * `index.bin` (the search index of exactly that snapshot, written at compaction: see indexFile.ts), and with an
 * embedding model `vectors.bin` (the entries' int8 vectors: see vectors/vectorFile.ts), and `catalogue.bin` (what
 * lists, counts and statistics read of every entry: see catalogueFile.ts). Entries stay on
 * disk and are read back when asked for (entryShelf.ts); memory holds their locations and a compact Orama index.
 * Opening loads the saved index and replays the log onto it; without a usable one, the index is rebuilt from the
 * entries (said by `indexNotes`) and saved again.
 */
import { EntryStatus, KnowledgeEntry, type EntryCounters } from '../../../shared/domain'
import type { EntryCounts } from '../../../shared/entryCounts'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Logger } from '../host'
import type { KnowledgeStamp } from './knowledgeStamp'
import { validEntry, withLatestCounters } from './writeBatch'
import { factsFromEntries, teamFacts, type KnowledgeFacts } from './knowledgeFacts'
import type { PageFilter, PageRange } from './teamCatalogue'
import type { TeamKnowledge, TeamKnowledgeOptions } from './teamKnowledge'
import { TeamRegistry } from './teamRegistry'
import { counterChange } from './counterChange'
import { HISTORY_ROTATE_ABOVE_BYTES, type ReplacedVersion } from './historyLog'
import { TeamHistories } from './teamHistories'
import type { EntryEmbedder } from './vectors/entryEmbedder'
import { KnowledgeSearcher, type SearchHit, type SearchOptions } from './knowledgeSearch'

export { DEFAULT_HYBRID_SIMILARITY, type SearchHit, type SearchOptions } from './knowledgeSearch'

export interface KnowledgeStoreOptions {
  /** Folder holding one sub-folder per team, e.g. `<dataDir>/knowledge`. Created on the first write. */
  dir: string
  logger: Logger
  /**
   * Compact a team's log into a snapshot after this many appended records. Default 500. A team with more than twice
   * as many entries waits until its log holds half its entry count (at most 5,000 records, which bounds what
   * opening reads), so compaction stays cheap per write.
   */
  compactEvery?: number
  /**
   * Bound of each team's `history.jsonl` (earlier versions): past it, its older records move to an archive read per
   * entry on demand (historyLog.ts). Default 4 MiB.
   */
  historyRotateAboveBytes?: number
  /**
   * The embedding model, when one is configured: every entry is embedded as it is indexed, its vector kept int8 in
   * the team's Orama index and saved in `vectors.bin`, and `search` can be hybrid. Default: none (full text only).
   */
  embedder?: EntryEmbedder
}

export interface KnowledgeProblem {
  team: string
  /** Absolute path of the file that failed to load. */
  file: string
  /** Names the file and line, e.g. `knowledge/cloud-support/entries.jsonl line 17: invalid JSON`. */
  message: string
}

/** A moment in one team's history of changes in one KnowledgeStore (see `changes`). */
export interface ChangeMark {
  readonly source: object
  readonly revision: number
}

export class KnowledgeStore {
  private readonly histories: TeamHistories
  private readonly searcher: KnowledgeSearcher

  private constructor(
    private readonly options: TeamKnowledgeOptions,
    private readonly registry: TeamRegistry,
    historyRotateAboveBytes: number
  ) {
    this.histories = new TeamHistories(options.root, historyRotateAboveBytes, options.logger)
    this.searcher = new KnowledgeSearcher(options.logger, () => this.options.embedder !== undefined)
  }

  /**
   * Loads and validates every team folder under `dir`; each team's search index is then built in the background
   * (search waits for it). A team whose files fail to load does not make this throw: it is listed by
   * `problems()`, serves what was read before the first bad line, and refuses writes. Throws STORAGE_FAILED only when
   * `dir` itself cannot be listed.
   */
  static async open(options: KnowledgeStoreOptions): Promise<KnowledgeStore> {
    const teamOptions: TeamKnowledgeOptions = {
      root: options.dir,
      logger: options.logger,
      compactEvery: options.compactEvery ?? 500,
      ...(options.embedder ? { embedder: options.embedder } : {})
    }
    const store = new KnowledgeStore(
      teamOptions,
      await TeamRegistry.open(teamOptions),
      options.historyRotateAboveBytes ?? HISTORY_ROTATE_ABOVE_BYTES
    )
    for (const problem of store.problems()) {
      options.logger.error('knowledge: team failed to load', { ...problem })
    }
    for (const team of store.registry.all()) team.saveRebuiltIndex()
    return store
  }

  teams(): string[] {
    return this.registry.names().sort()
  }

  problems(): KnowledgeProblem[] {
    return this.registry
      .all()
      .flatMap((team) =>
        team.problem ? [{ team: team.team, file: team.problem.file, message: team.problem.message }] : []
      )
  }

  /**
   * Teams whose search index was rebuilt from the entries at open (slow for large teams), or whose entry vectors
   * were derived again (known once that team's index is ready), and why.
   */
  indexNotes(): Array<{ team: string; message: string }> {
    return this.registry.all().flatMap((team) => [
      ...(team.indexRebuilt
        ? [{ team: team.team, message: `search index rebuilt from the entries: ${team.indexRebuilt}` }]
        : []),
      ...(team.vectorsRebuilt
        ? [
            {
              team: team.team,
              message: `entry vectors derived again from the entries: ${team.vectorsRebuilt}`
            }
          ]
        : [])
    ])
  }

  entries(team: string, filter?: { statuses?: EntryStatus[] }): KnowledgeEntry[] {
    return this.registry.get(team)?.list(filter?.statuses) ?? []
  }

  /** Entries of `team` with one of `statuses` titled `title` (trimmed, case ignored); reads only those entries. */
  withTitle(team: string, title: string, statuses: EntryStatus[]): KnowledgeEntry[] {
    return this.registry.get(team)?.catalogue.withTitle(title, statuses) ?? []
  }

  /**
   * A page of the entries of `team`, most recently updated first, and how many there are (see TeamCatalogue). A team
   * whose catalogue is still being built has it finished now; `page` waits for the background instead.
   */
  newest(team: string, page: PageRange, filter?: PageFilter): { entries: KnowledgeEntry[]; total: number } {
    return this.registry.get(team)?.catalogue.newest(page, filter) ?? { entries: [], total: 0 }
  }

  /** `newest`, once the team's catalogue is complete (built in the background when it was not saved). */
  async page(
    team: string,
    page: PageRange,
    filter?: PageFilter
  ): Promise<{ entries: KnowledgeEntry[]; total: number }> {
    await this.registry.get(team)?.catalogue.prepare()
    return this.newest(team, page, filter)
  }

  /**
   * How many entries of `team` have each status, from memory; while the team's catalogue is still being built,
   * retired entries are read to tell rejected drafts apart the way byStatus does.
   */
  countByStatus(team: string): Required<EntryCounts> {
    return (
      this.registry.get(team)?.catalogue.countByStatus() ?? {
        active: 0,
        draft: 0,
        retired: 0,
        rejected: 0
      }
    )
  }

  /** How many of `team`'s entries wait for a person's review (once its catalogue is complete). */
  async reviewCount(team: string): Promise<number> {
    return (await this.registry.get(team)?.catalogue.whenComplete())?.pendingTotal ?? 0
  }

  /** The entries of `team` that have one of `ticketIds` among their source tickets, from the catalogue. */
  async entriesOfTickets(team: string, ticketIds: readonly string[]): Promise<KnowledgeEntry[]> {
    return (await this.registry.get(team)?.catalogue.entriesOfTickets(ticketIds)) ?? []
  }

  /** What the statistics need of `team`'s knowledge, from its catalogue (see knowledgeFacts.ts). */
  async facts(team: string): Promise<KnowledgeFacts> {
    const knowledge = this.registry.get(team)
    return knowledge ? teamFacts(knowledge) : factsFromEntries([])
  }

  /**
   * How far `team`'s knowledge is from ready after start (its catalogue being built, its search index being loaded
   * or rebuilt), or null once both are done.
   */
  preparing(team: string): { catalogued: number; of: number; searchable: boolean } | null {
    const knowledge = this.registry.get(team)
    if (!knowledge || (knowledge.catalogue.complete && knowledge.searchable)) return null
    const { done, of } = knowledge.catalogue.progress()
    return { catalogued: done, of, searchable: knowledge.searchable }
  }

  /**
   * Entries of `team` read into its catalogue so far, of all: a team opened without a saved catalogue (written by an
   * older Vigil or copied in) builds it in the background. Equal when complete.
   */
  catalogueProgress(team: string): { done: number; of: number } {
    return this.registry.get(team)?.catalogue.progress() ?? { done: 0, of: 0 }
  }

  /**
   * The entries of `team` given a new version (put) since `since`, a mark returned by an earlier call on this store;
   * every entry when there is no mark or it is from another store or team. Counters moving is not a change. Lets
   * team sync look at what changed instead of reading every entry back from disk.
   */
  changes(
    team: string,
    since?: ChangeMark
  ): { entries: KnowledgeEntry[]; mark: ChangeMark; complete: boolean } {
    const knowledge = this.registry.get(team)
    // No team yet: whatever it holds later was put after this mark.
    if (!knowledge) return { entries: [], mark: { source: this, revision: 0 }, complete: true }
    const from =
      since?.source === knowledge ? since.revision : since?.source === this ? since.revision : undefined
    const { entries, revision } = knowledge.changedSince(from)
    return { entries, mark: { source: knowledge, revision }, complete: from === undefined }
  }

  get(team: string, id: string): KnowledgeEntry | undefined {
    return this.registry.get(team)?.get(id)
  }

  /** All entries of all teams. */
  count(): number {
    let total = 0
    for (const team of this.registry.all()) total += team.size
    return total
  }

  /**
   * Where a team's files stand, for state derived from its entries elsewhere (see knowledgeStamp.ts); null for an
   * unknown team, one that failed to load, or one whose snapshot was not fingerprinted when it opened.
   */
  stamp(team: string): KnowledgeStamp | null {
    return this.registry.get(team)?.stamp() ?? null
  }

  /** The team's entries whose current version was written to its log at or after byte `logSize` of a stamp. */
  entriesWrittenSince(team: string, logSize: number): KnowledgeEntry[] {
    return this.registry.get(team)?.writtenSince(logSize) ?? []
  }

  /**
   * Entries of `team` written but not yet searchable: a large batch (a first sync of a big team) is indexed after its
   * write returns, and search waits for it. 0 when none.
   */
  indexing(team: string): number {
    return this.registry.get(team)?.indexing ?? 0
  }

  /** Resolves once every entry of `team` written so far is searchable. */
  async indexed(team: string): Promise<void> {
    await this.registry.get(team)?.indexed()
  }

  /**
   * Gives the store the embedding model once it is ready (null: none any more). Every team's entries are embedded in
   * the background (saved vectors of the same model restored); `mode: 'best'` searches stay full text until a team's
   * entries all have a vector. Entries written from now on are embedded as they are indexed.
   */
  useEmbedder(embedder: EntryEmbedder | null): Promise<void> {
    if (embedder) this.options.embedder = embedder
    else delete this.options.embedder
    return Promise.all(this.registry.all().map((team) => team.useEmbedder(embedder))).then(() => undefined)
  }

  /** Whether `mode: 'best'` searches of `team` are hybrid now. */
  hybridReady(team: string): boolean {
    return this.registry.get(team)?.hybridReady ?? false
  }

  /** Searches `team`'s entries: full text, hybrid, or the best the team has now (see knowledgeSearch.ts). */
  async search(team: string, query: string, options: SearchOptions): Promise<SearchHit[]> {
    return this.searcher.search(this.registry.get(team), team, query, options)
  }

  /**
   * Validates the entry (BAD_INPUT naming the field), keeps the stored entry's counters when one exists, appends it durably to its team's log and then updates memory
   * and the index, replacing any entry with the same id. KNOWLEDGE_UNAVAILABLE when the team failed to load;
   * STORAGE_FAILED when the disk write fails (nothing changes then).
   */
  async put(entry: KnowledgeEntry): Promise<void> {
    const valid = validEntry(entry, '')
    const team = this.registry.forWriting(valid.team)
    const previous = team.get(valid.id)
    // A new version keeps the one it replaces in the team's history (never compacted away). Written first: a
    // process killed between the two writes then has that version twice (`history` drops the copy), never lost.
    if (previous && previous.version !== valid.version && !team.problem)
      await this.histories.of(team).append(previous, valid)
    // Counters are the store's own (moved only by `bumpCounters`): a caller writing back an entry it read earlier
    // (a case review that waited on the model) must not undo a reaction recorded meanwhile.
    await team.write((latest) => ({ op: 'put', entry: withLatestCounters(valid, latest(valid.id)) }))
  }

  /**
   * Stores entries that came from team sync as `put` stores each (validated first: one invalid entry and nothing is
   * written; each replaced version kept in history), and keeps `kept` (versions that are not current: conflict
   * losers) in history. The history records go out in one write and the entries in one batch, instead of a disk sync
   * per entry. These are not among `changes`: they are what the team's synced tree holds already. With
   * `validated` (default false), the caller has just parsed every entry with the `KnowledgeEntry` schema (team sync
   * does, file by file, to name a bad file): parsing 20k entries again cost a first clone about 0.4 s of CPU.
   */
  async putFromSync(
    entries: readonly KnowledgeEntry[],
    kept: readonly KnowledgeEntry[] = [],
    options: { validated?: boolean } = {}
  ): Promise<void> {
    const valid = options.validated ? entries : entries.map((entry) => validEntry(entry, ` ${entry.id}`))
    const history = new Map<TeamKnowledge, ReplacedVersion[]>()
    const keep = (team: TeamKnowledge, entry: KnowledgeEntry, replacedBy?: KnowledgeEntry): void => {
      const list = history.get(team) ?? []
      list.push({ entry, replacedBy })
      history.set(team, list)
    }
    for (const entry of kept) keep(this.registry.forWriting(entry.team), entry)
    for (const entry of valid) {
      const team = this.registry.forWriting(entry.team)
      const previous = team.get(entry.id)
      if (previous && previous.version !== entry.version && !team.problem) keep(team, previous, entry)
    }
    // History first, as in `put`: a process killed in between has a version twice, never one lost.
    for (const [team, records] of history) await this.histories.of(team).appendMany(records)
    await Promise.all(
      valid.map((entry) =>
        this.registry
          .forWriting(entry.team)
          .write((latest) => ({ op: 'put', entry: withLatestCounters(entry, latest(entry.id)) }), {
            quiet: true
          })
      )
    )
  }

  /**
   * Keeps a version that is not current (the loser of a sync conflict) in its team's history, so `history` shows it.
   * KNOWLEDGE_UNAVAILABLE when the team failed to load.
   */
  async keepInHistory(entry: KnowledgeEntry): Promise<void> {
    await this.histories.of(this.registry.forWriting(entry.team)).append(entry)
  }

  /** Earlier versions of an entry, oldest first (the current version is `get`). */
  async history(team: string, id: string): Promise<KnowledgeEntry[]> {
    const knowledge = this.registry.get(team)
    return knowledge ? this.histories.versions(knowledge, id, knowledge.get(id)) : []
  }

  /**
   * Adds the deltas to the entry's counters and persists the result (updatedAt and version stay: counters record
   * use, not content). NOT_FOUND when there is no such entry; BAD_INPUT for a delta that is not an integer or would
   * make a counter negative. With `key`, a change already applied under that key is not applied again (counterChange.ts).
   */
  async bumpCounters(
    team: string,
    id: string,
    delta: Partial<EntryCounters>,
    key?: string
  ): Promise<KnowledgeEntry> {
    const change = counterChange(team, id, delta, key)
    const knowledge = this.registry.get(team)
    if (!knowledge) throw new VigilError(ErrorCode.notFound, `No knowledge entry ${id} in team "${team}"`)
    return knowledge.write(change)
  }

  /** Rewrites the team's snapshot and empties its log. KNOWLEDGE_UNAVAILABLE for a team that failed to load. */
  async compact(team: string): Promise<void> {
    await this.registry.get(team)?.compact()
  }

  /** Waits for every pending write and releases the files. */
  async close(): Promise<void> {
    await Promise.all(this.registry.all().map((team) => team.close()))
    await this.histories.close()
  }
}
