/**
 * One team's search index as it becomes ready: loaded or rebuilt in the background at open, then kept current by
 * each write. A large batch of puts (a first sync of a large team, a big bundle) is indexed after its write has
 * answered, in turns that yield to the event loop; everything asking for the index (search, the next write's update,
 * compaction) waits for it, so a search after a put still finds the entry.
 */
import type { Logger } from '../host'
import type { IndexChange, KnowledgeIndex } from './knowledgeIndex'

/**
 * A flush with at least this many puts answers its callers once the records are on disk and indexes them after (see
 * above). Indexing 20k entries one by one took about 5 s of CPU.
 */
export const backgroundIndexFrom = 1000
/** Entries indexed per turn of the event loop in the background (about 50 ms of work). */
const backgroundIndexTurn = 250

export class SearchIndexQueue {
  /** Replaced by a later promise while a large batch is indexed in the background. */
  private index: Promise<KnowledgeIndex>
  /** Entries written but not yet in the search index. */
  private unindexed = 0

  /** Whether the index opened at start is there (loaded or rebuilt): search answers from then on. */
  private opened = false

  constructor(
    opening: Promise<KnowledgeIndex>,
    private readonly team: string,
    private readonly logger: Logger
  ) {
    this.index = opening
    const done = () => {
      this.opened = true
    }
    opening.then(done, done)
  }

  /** Whether search answers without waiting for the index opened at start. */
  get searchable(): boolean {
    return this.opened
  }

  /** The index once everything queued before is in it; rejects when it could not be opened (logged there). */
  get ready(): Promise<KnowledgeIndex> {
    return this.index
  }

  /** Entries on disk that search does not find yet. */
  get pending(): number {
    return this.unindexed
  }

  /** Resolves once everything queued so far is indexed (never rejects). */
  async settled(): Promise<void> {
    await this.index.catch(() => undefined)
  }

  /** Puts one change into `index` now; a failure is logged (the record is on disk: the next rebuild has it). */
  async upsert(index: KnowledgeIndex, { entry, previous }: IndexChange): Promise<void> {
    await index.upsert(entry, previous).catch((error: unknown) => {
      this.logger.error('knowledge: indexing an entry failed', {
        team: this.team,
        id: entry.id,
        error: String(error)
      })
    })
  }

  /** Indexes a large batch after the index's current work, in turns; search and later writes wait for it. */
  later(changes: readonly IndexChange[]): void {
    this.unindexed += changes.length
    this.index = this.index.then(async (index) => {
      for (let start = 0; start < changes.length; start += backgroundIndexTurn) {
        for (const change of changes.slice(start, start + backgroundIndexTurn))
          await this.upsert(index, change)
        this.unindexed -= Math.min(backgroundIndexTurn, changes.length - start)
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      return index
    })
    // A failed index was logged when it failed; this copy of it must not be an unhandled rejection.
    this.index.catch(() => undefined)
  }
}
