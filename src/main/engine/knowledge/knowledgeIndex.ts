/**
 * The full-text index of one team: an in-process Orama database with a compact index component (compactIndex.ts)
 * and a documents store that holds no documents (entryDocuments.ts). It holds only what search needs; the entries
 * themselves stay on disk (entryShelf.ts). Saved with Orama's `save(db)` at compaction (indexFile.ts writes it) and
 * loaded with `load(db, raw)` on open; rebuilt from the entries when no usable saved index matches the snapshot.
 */
import {
  count,
  create,
  insert,
  insertMultiple,
  load,
  remove,
  save,
  search,
  type Tokenizer
} from '@orama/orama'
import { tokenizer as oramaTokenizer } from '@orama/orama/components'
import { EntryStatus, type KnowledgeEntry } from '../../../shared/domain'
import { compactIndexComponent } from './compactIndex'
import type { CompactIndexStore } from './compactIndexStore'
import { countEntryTerms, prefixFrequencyOf, wantsNewBase } from './compactPostings'
import { loadStore, saveStore, type CompactIndexRaw } from './compactSerialisation'
import { entryBackedDocuments } from './entryDocuments'
import { englishStopWords } from './englishStopWords'
import { QueryPlanner } from './queryPlanner'

/**
 * Symptoms and resolution steps are indexed as one text each (Orama 3.1 scores a `string[]` field by its last
 * element only).
 */
const schema = {
  status: 'enum',
  title: 'string',
  problem: 'string',
  symptoms: 'string',
  resolution: 'string'
} as const

type IndexDocument = {
  id: string
  status: EntryStatus
  title: string
  problem: string
  symptoms: string
  resolution: string
}

const searchedProperties = ['title', 'problem', 'symptoms', 'resolution'] as const
/** Entries indexed per turn of the event loop while rebuilding (about 100 ms of work). */
const rebuildBatch = 250
/** Words whose stem is remembered; the cache starts over past this (a team's vocabulary can reach millions). */
const stemCacheSize = 100_000

export interface IndexHit {
  id: string
  score: number
}

/** One change to replay onto a loaded index: the entry's new version and the version it replaces, if any. */
export interface IndexChange {
  entry: KnowledgeEntry
  previous?: KnowledgeEntry
}

/** What Orama's `save(db)` returns for this database; written to disk by indexFile.ts. */
export type SavedOrama = { index: CompactIndexRaw } & Record<string, unknown>

export class KnowledgeIndex {
  /** The version being removed, which the documents store hands to Orama for the removal. */
  private removing: IndexDocument | undefined
  private readonly db = create({
    schema,
    components: {
      tokenizer: boundedTokenizer(),
      documentsStore: entryBackedDocuments((id) => (this.removing?.id === id ? this.removing : undefined)),
      index: compactIndexComponent(EntryStatus.options)
    },
    // Nobody sorts by these fields, and Orama's sort index would add memory for every entry.
    sort: { enabled: false }
  })
  private planner = this.newPlanner(0)

  /**
   * Builds the index from entries, yielding to the event loop between batches so that a large team does not freeze
   * the host while it is indexed.
   */
  static async build(entries: Iterable<KnowledgeEntry>): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex()
    index.store.bulk = true
    let batch: IndexDocument[] = []
    const flush = async (): Promise<void> => {
      for (const document of batch) index.planner.add(searchedText(document))
      await insertMultiple(index.db, batch, rebuildBatch)
      batch = []
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    for (const entry of entries) {
      batch.push(toDocument(entry))
      if (batch.length === rebuildBatch) await flush()
    }
    if (batch.length > 0) await flush()
    index.newBase()
    return index
  }

  /** The index as saved (Orama's `load`), then the changes made since it was saved, in order. */
  static async load(saved: SavedOrama, changes: readonly IndexChange[]): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex()
    load(index.db, saved as never)
    index.planner = index.newPlanner(count(index.db))
    for (const change of changes) await index.upsert(change.entry, change.previous)
    return index
  }

  get size(): number {
    return count(this.db)
  }

  /**
   * Indexes an entry; `previous` is the version of it that is indexed now (its terms leave the index), absent for
   * an entry not indexed yet.
   */
  async upsert(entry: KnowledgeEntry, previous?: KnowledgeEntry): Promise<void> {
    if (!previous && this.holds(entry.id))
      throw new Error(`entry ${entry.id} is indexed already: its indexed version is needed to replace it`)
    if (previous) {
      const old = toDocument(previous)
      this.removing = old
      try {
        await remove(this.db, entry.id)
      } finally {
        this.removing = undefined
      }
      this.planner.remove(searchedText(old))
    }
    const document = toDocument(entry)
    await insert(this.db, document)
    this.planner.add(searchedText(document))
    if (wantsNewBase(this.store)) this.newBase()
  }

  /**
   * BM25 over title (boosted 2×), problem, symptoms and resolution; an entry matching any query term is a candidate.
   * Terms found in a large share of the entries (with the terms they are a prefix of) are left out of the query first
   * (see QueryPlanner).
   */
  async search(query: string, limit: number, statuses: readonly EntryStatus[]): Promise<IndexHit[]> {
    if (limit <= 0 || statuses.length === 0) return []
    const term = this.planner.plan(query)
    if (term === '') return []
    const results = await search(this.db, {
      term,
      properties: [...searchedProperties],
      boost: { title: 2 },
      where: { status: { in: [...statuses] } },
      limit
    })
    return results.hits.map((hit) => ({ id: hit.id, score: hit.score }))
  }

  /**
   * Orama's `save(db)`: everything indexed so far, merged into one compact base. The index then continues from
   * that base (so memory stays compact); the arrays returned are the live ones, to be written before the next change.
   */
  save(): SavedOrama {
    const saved = save(this.db) as unknown as SavedOrama
    this.db.data.index = loadStore(saved.index) as never
    return saved
  }

  /** Merges everything indexed since the base into a new base: compact again, and quick to prefix-search. */
  private newBase(): void {
    this.db.data.index = loadStore(saveStore(this.store)) as never
  }

  /** Whether a version of the entry is in the index. */
  holds(id: string): boolean {
    const internalId = this.db.internalDocumentIDStore.idToInternalId.get(id)
    return internalId !== undefined && (this.store.statuses[internalId] ?? 0) > 0
  }

  private get store(): CompactIndexStore {
    return this.db.data.index as unknown as CompactIndexStore
  }

  private newPlanner(documents: number): QueryPlanner {
    return new QueryPlanner(
      (text) => this.db.tokenizer.tokenize(text),
      {
        // Orama matches every term a query word starts with: the planner weighs a word by all of them.
        get: (term, cap) => prefixFrequencyOf(this.store, term, cap),
        change: (terms, delta) => countEntryTerms(this.store, terms, delta)
      },
      documents
    )
  }
}

/** Orama's stem cache, emptied whenever it reaches `stemCacheSize` words instead of growing with the vocabulary. */
class BoundedCache extends Map<string, string> {
  override set(key: string, value: string): this {
    if (this.size >= stemCacheSize) this.clear()
    return super.set(key, value)
  }
}

/**
 * English with stemming (so "timeouts" finds "timed out") and stop words. Orama skips its per-word cache when
 * indexing and stems every word again; this wrapper always uses the cache, which makes indexing markedly faster.
 */
function boundedTokenizer(): Tokenizer {
  const base = oramaTokenizer.createTokenizer({
    language: 'english',
    stemming: true,
    stopWords: englishStopWords
  })
  base.normalizationCache = new BoundedCache()
  return {
    language: base.language,
    normalizationCache: base.normalizationCache,
    tokenize: (raw, language, prop) => base.tokenize(raw, language, prop, true)
  }
}

function toDocument(entry: KnowledgeEntry): IndexDocument {
  return {
    id: entry.id,
    status: entry.status,
    title: entry.title,
    problem: entry.problem,
    symptoms: entry.symptoms.join('\n'),
    resolution: entry.resolution.join('\n')
  }
}

function searchedText(document: IndexDocument): string[] {
  return [document.title, document.problem, document.symptoms, document.resolution]
}
