/**
 * The full-text index of one team: an in-process Orama database with a compact index component (compactIndex.ts),
 * a documents store that holds no documents (entryDocuments.ts) and a stemming tokenizer (stemmingTokenizer.ts). It
 * holds only what search needs of an entry (indexDocument.ts); the entries themselves stay on disk (entryShelf.ts).
 * Saved with Orama's `save(db)` at compaction (indexFile.ts writes it) and loaded with `load(db, raw)` on open;
 * rebuilt from the entries when no usable saved index matches the snapshot.
 *
 * With an embedding model, each entry's vector sits in Orama's vector index slot (`data.index.vectorIndexes`) as a
 * QuantisedVectors (int8 rows, a SIMD scan), saved apart in vectors.bin, and search can be hybrid: Orama's BM25 and
 * cosine fusion (hybridSearch.ts).
 */
import { count, create, insert, insertMultiple, load, remove, save, search } from '@orama/orama'
import { EntryStatus, type KnowledgeEntry } from '../../../shared/domain'
import { compactIndexComponent } from './compactIndex'
import type { CompactIndexStore } from './compactIndexStore'
import { countEntryTerms, prefixFrequencyOf, wantsNewBase } from './compactPostings'
import { loadStore, saveStore, type CompactIndexRaw } from './compactSerialisation'
import { entryBackedDocuments } from './entryDocuments'
import { searchHybrid, type HybridQuery } from './hybridSearch'
import {
  schema,
  searchedProperties,
  searchedText,
  toDocument,
  type IndexDocument,
  type IndexHit
} from './indexDocument'
import { QueryPlanner } from './queryPlanner'
import { boundedTokenizer } from './stemmingTokenizer'
import type { EntryEmbedder } from './vectors/entryEmbedder'
import { EntryVectors } from './vectors/entryVectors'
import type { SavedVectors } from './vectors/vectorFile'

/** Entries indexed per turn of the event loop while rebuilding (about 100 ms of work). */
const rebuildBatch = 250

/** One change to replay onto a loaded index: the entry's new version and the version it replaces, if any. */
export interface IndexChange {
  entry: KnowledgeEntry
  previous?: KnowledgeEntry
}

/** The name Orama's hybrid search is given for the entries' vectors (`vector.property`). */
const vectorProperty = 'embedding'

/** The vector part of an index: where vectors come from and, when loading, the ones saved. */
export interface IndexVectors {
  embedder: EntryEmbedder
  /** Vectors saved with the index (rows by entry id), or null to embed every entry. */
  saved?: SavedVectors | null
  /** Reads an indexed entry back, to embed one that has no saved vector. */
  entry?: (id: string) => KnowledgeEntry | undefined
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
  /** The entries' vectors (Orama's vector index for `embedding`), when the team has an embedding model. */
  private vectors: EntryVectors | null

  private constructor(embedder: EntryEmbedder | null = null) {
    this.vectors = embedder ? new EntryVectors(embedder, this.db.internalDocumentIDStore) : null
    this.attachVectors()
  }

  /** Why some entries have no vector (the model failed), or null. */
  get vectorProblem(): string | null {
    return this.vectors?.problem ?? null
  }

  /**
   * Builds the index from entries, yielding to the event loop between batches so that a large team does not freeze
   * the host while it is indexed. With `vectors`, each entry is embedded too.
   */
  static async build(entries: Iterable<KnowledgeEntry>, vectors?: IndexVectors): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex(vectors?.embedder ?? null)
    index.store.bulk = true
    let batch: KnowledgeEntry[] = []
    const flush = async (): Promise<void> => {
      const documents = batch.map(toDocument)
      for (const document of documents) index.planner.add(searchedText(document))
      await insertMultiple(index.db, documents, rebuildBatch)
      await index.vectors?.embedAll(batch)
      batch = []
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    for (const entry of entries) {
      batch.push(entry)
      if (batch.length === rebuildBatch) await flush()
    }
    if (batch.length > 0) await flush()
    index.newBase()
    return index
  }

  /**
   * The index as saved (Orama's `load`) with its saved vectors, then the changes made since it was saved, in order;
   * entries still without a vector then (none saved, or a changed entry) are embedded.
   */
  static async load(
    saved: SavedOrama,
    changes: readonly IndexChange[],
    vectors?: IndexVectors
  ): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex(vectors?.embedder ?? null)
    load(index.db, saved as never)
    index.attachVectors()
    index.planner = index.newPlanner(count(index.db))
    const holds = (id: string): boolean => index.holds(id)
    if (vectors?.saved) index.vectors?.restore(vectors.saved, holds)
    for (const change of changes) await index.upsert(change.entry, change.previous)
    if (vectors?.entry) await index.vectors?.embedMissing(vectors.entry, holds)
    return index
  }

  /**
   * Gives an index opened without a model its vectors (or, with null, drops them): at once, entries indexed from
   * now on are embedded; rows of `saved` are restored for the entries `restorable` allows, and every other indexed
   * entry is embedded in batches that yield to the event loop (full-text search works meanwhile).
   */
  async useEmbedder(
    embedder: EntryEmbedder | null,
    options: {
      saved: SavedVectors | null
      restorable: (id: string) => boolean
      entry: (id: string) => KnowledgeEntry | undefined
    }
  ): Promise<void> {
    this.vectors = embedder ? new EntryVectors(embedder, this.db.internalDocumentIDStore) : null
    this.attachVectors()
    const vectors = this.vectors
    if (!vectors) return
    const holds = (id: string): boolean => this.holds(id)
    if (options.saved) vectors.restore(options.saved, (id) => holds(id) && options.restorable(id))
    await vectors.embedMissing(options.entry, holds)
  }

  /** Entries indexed without a vector. */
  get entriesWithoutVector(): number {
    return this.vectors ? this.size - this.vectors.rows.count : 0
  }

  /** The vectors by entry id, as vectorFile.ts saves them; null without an embedding model. */
  savedVectors(): Omit<SavedVectors, 'snapshot'> | null {
    return this.vectors?.saved() ?? null
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
    // Embedded first: a model that fails leaves the entry indexed for full text, without a vector.
    const vector = this.vectors ? await this.vectors.embed(entry) : null
    if (previous) {
      const internalId = this.db.internalDocumentIDStore.idToInternalId.get(entry.id)
      if (internalId !== undefined) this.vectors?.rows.remove(internalId)
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
    if (vector) this.vectors!.rows.add(this.db.internalDocumentIDStore.idToInternalId.get(entry.id)!, vector)
    if (wantsNewBase(this.store)) this.newBase()
  }

  /**
   * BM25 over title (boosted 2×), problem, symptoms and resolution; an entry matching any query term is a candidate.
   * Terms found in a large share of the entries (with the terms they are a prefix of) are left out of the query first
   * (see QueryPlanner).
   */
  async search(
    query: string,
    limit: number,
    statuses: readonly EntryStatus[],
    hybrid?: HybridQuery
  ): Promise<IndexHit[]> {
    if (limit <= 0 || statuses.length === 0) return []
    const term = this.planner.plan(query)
    if (term === '' && !hybrid) return []
    const params = {
      term,
      properties: [...searchedProperties],
      boost: { title: 2 },
      where: { status: { in: [...statuses] } },
      limit,
      // Hits carry no document (entryDocuments.ts), so there are no vectors to strip from them.
      includeVectors: true
    }
    if (hybrid) return searchHybrid(this.db, this.vectors, term, params, hybrid)
    const results = await search(this.db, params)
    return results.hits.map((hit) => ({ id: hit.id, score: hit.score }))
  }

  /**
   * Orama's `save(db)`: everything indexed so far, merged into one compact base. The index then continues from
   * that base (so memory stays compact); the arrays returned are the live ones, to be written before the next change.
   */
  save(): SavedOrama {
    const saved = save(this.db) as unknown as SavedOrama
    this.db.data.index = loadStore(saved.index) as never
    this.attachVectors()
    return saved
  }

  /** Merges everything indexed since the base into a new base: compact again, and quick to prefix-search. */
  private newBase(): void {
    this.db.data.index = loadStore(saveStore(this.store)) as never
    this.attachVectors()
  }

  /** Puts the vectors where Orama's vector and hybrid search look for them (saved apart: see vectorFile.ts). */
  private attachVectors(): void {
    const store = this.db.data.index as unknown as { vectorIndexes: Record<string, unknown> }
    store.vectorIndexes = this.vectors
      ? { [vectorProperty]: { type: 'Vector', node: this.vectors.rows } }
      : {}
  }

  /** The query's vector, for a hybrid search. */
  async embedQuery(query: string): Promise<number[]> {
    if (!this.vectors) throw new Error('this index holds no vectors: no embedding model is configured')
    return this.vectors.embedQuery(query)
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
