/**
 * The full-text index of one team: an in-memory Orama database, rebuilt from the entries on every load (never
 * persisted, see KnowledgeStore). It holds only what search needs; the entries themselves live in TeamKnowledge.
 */
import { create, insert, insertMultiple, remove, search, type Orama, type Tokenizer } from '@orama/orama'
import { tokenizer as oramaTokenizer } from '@orama/orama/components'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { entryBackedDocuments } from './entryDocuments'
import { englishStopWords } from './englishStopWords'
import { QueryPlanner } from './queryPlanner'

/**
 * Symptoms and resolution steps are indexed as one text each: Orama 3.1 keeps term frequencies and field length of
 * a `string[]` field for its last element only, which would leave matches in the other elements nearly unscored.
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

export interface IndexHit {
  id: string
  score: number
}

export class KnowledgeIndex {
  /** The version of each entry that is in the index (the same objects the team holds, not copies). */
  private readonly indexed = new Map<string, KnowledgeEntry>()
  private readonly db: Orama<typeof schema> = create({
    schema,
    components: {
      tokenizer: cachedTokenizer(),
      documentsStore: entryBackedDocuments((id) => {
        const entry = this.indexed.get(id)
        return entry ? toDocument(entry) : undefined
      })
    },
    // Nobody sorts by these fields, and Orama's sort index would add memory for every entry.
    sort: { enabled: false }
  })
  private readonly planner = new QueryPlanner((text) => this.db.tokenizer.tokenize(text))

  /**
   * Builds the index for a freshly loaded team, yielding to the event loop between batches so that a large team
   * does not freeze the host while it is indexed.
   */
  static async build(entries: readonly KnowledgeEntry[]): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex()
    for (let start = 0; start < entries.length; start += rebuildBatch) {
      const slice = entries.slice(start, start + rebuildBatch)
      const batch = slice.map(toDocument)
      for (const entry of slice) index.indexed.set(entry.id, entry)
      for (const document of batch) index.planner.add(searchedText(document))
      await insertMultiple(index.db, batch, rebuildBatch)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return index
  }

  /** Indexes an entry, replacing the previous version with the same id. */
  async upsert(entry: KnowledgeEntry): Promise<void> {
    const previous = this.indexed.get(entry.id)
    if (previous) {
      await remove(this.db, entry.id)
      this.indexed.delete(entry.id)
      this.planner.remove(searchedText(toDocument(previous)))
    }
    const document = toDocument(entry)
    await insert(this.db, document)
    this.indexed.set(entry.id, entry)
    this.planner.add(searchedText(document))
  }

  /**
   * BM25 over title (boosted 2×), problem, symptoms and resolution; an entry matching any query term is a candidate.
   * Terms found in a large share of the entries are left out of the query first (see QueryPlanner).
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
}

/**
 * English with stemming (so "timeouts" finds "timed out") and stop words. Orama skips its per-word cache when
 * indexing and stems every word again; this wrapper always uses the cache, which makes indexing markedly faster.
 */
function cachedTokenizer(): Tokenizer {
  const base = oramaTokenizer.createTokenizer({
    language: 'english',
    stemming: true,
    stopWords: englishStopWords
  })
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
