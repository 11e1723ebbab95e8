/**
 * The full-text index of one team: an in-memory Orama database, rebuilt from the entries on every load (never
 * persisted, see KnowledgeStore). It holds only what search needs; the entries themselves live in TeamKnowledge.
 */
import { create, getByID, insert, insertMultiple, remove, search, type Orama } from '@orama/orama'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { englishStopWords } from './englishStopWords'
import { QueryPlanner } from './queryPlanner'

const schema = {
  status: 'enum',
  title: 'string',
  problem: 'string',
  symptoms: 'string[]',
  resolution: 'string[]'
} as const

type IndexDocument = {
  id: string
  status: EntryStatus
  title: string
  problem: string
  symptoms: string[]
  resolution: string[]
}

const searchedProperties = ['title', 'problem', 'symptoms', 'resolution'] as const
/** Inserted per turn of the event loop while rebuilding, so a large team does not freeze the host. */
const rebuildBatch = 2000

export interface IndexHit {
  id: string
  score: number
}

export class KnowledgeIndex {
  private readonly db: Orama<typeof schema> = create({
    schema,
    // Stemming lets "timeouts" find "timed out"; sorting is off because nobody sorts by these fields and Orama's sort
    // index would roughly double memory.
    components: { tokenizer: { language: 'english', stemming: true, stopWords: englishStopWords } },
    sort: { enabled: false }
  })
  private readonly planner = new QueryPlanner((text) => this.db.tokenizer.tokenize(text))

  /** Builds the index for a freshly loaded team. */
  static async build(entries: Iterable<KnowledgeEntry>): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex()
    let batch: IndexDocument[] = []
    for (const entry of entries) {
      const document = toDocument(entry)
      batch.push(document)
      index.planner.add(searchedText(document))
      if (batch.length === rebuildBatch) {
        await insertMultiple(index.db, batch, rebuildBatch)
        batch = []
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    if (batch.length > 0) await insertMultiple(index.db, batch, rebuildBatch)
    return index
  }

  /** Indexes an entry, replacing the previous version with the same id. */
  async upsert(entry: KnowledgeEntry): Promise<void> {
    const previous = getByID(this.db, entry.id) as IndexDocument | undefined
    if (previous) {
      await remove(this.db, entry.id)
      this.planner.remove(searchedText(previous))
    }
    const document = toDocument(entry)
    await insert(this.db, document)
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

function toDocument(entry: KnowledgeEntry): IndexDocument {
  return {
    id: entry.id,
    status: entry.status,
    title: entry.title,
    problem: entry.problem,
    symptoms: entry.symptoms,
    resolution: entry.resolution
  }
}

function searchedText(document: IndexDocument): string[] {
  return [document.title, document.problem, ...document.symptoms, ...document.resolution]
}
