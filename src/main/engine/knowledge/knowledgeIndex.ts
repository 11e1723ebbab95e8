/**
 * The full-text index of one team: an in-memory Orama database, rebuilt from the entries on every load (never
 * persisted, see KnowledgeStore). It holds only what search needs; the entries themselves live in TeamKnowledge.
 */
import { create, insert, insertMultiple, remove, search, type Orama } from '@orama/orama'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'

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
  // Sorting is off: nobody sorts by these fields, and Orama's sort index would roughly double memory.
  private readonly db: Orama<typeof schema> = create({ schema, sort: { enabled: false } })
  private readonly ids = new Set<string>()

  /** Builds the index for a freshly loaded team. */
  static async build(entries: Iterable<KnowledgeEntry>): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex()
    let batch: IndexDocument[] = []
    for (const entry of entries) {
      batch.push(toDocument(entry))
      index.ids.add(entry.id)
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
    if (this.ids.has(entry.id)) await remove(this.db, entry.id)
    await insert(this.db, toDocument(entry))
    this.ids.add(entry.id)
  }

  /** BM25 over title (boosted 2×), problem, symptoms and resolution; any query term may match. */
  async search(query: string, limit: number, statuses: readonly EntryStatus[]): Promise<IndexHit[]> {
    if (query.trim() === '' || limit <= 0 || statuses.length === 0) return []
    const results = await search(this.db, {
      term: query,
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
