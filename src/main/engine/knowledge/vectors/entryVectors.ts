/**
 * A team's entry vectors as its index holds them: embedding entries (in batches), restoring saved rows and giving
 * them back to be saved, all addressed by Orama's internal document ids. A model that fails leaves entries without
 * a vector (still found by full text); `problem` says why.
 */
import type { KnowledgeEntry } from '../../../../shared/domain'
import { embedChecked, embeddedText, type EntryEmbedder } from './entryEmbedder'
import { QuantisedVectors } from './quantisedVectors'
import type { SavedVectors } from './vectorFile'

/** Orama's internal id store (`db.internalDocumentIDStore`): internal id `n` is `internalIdToId[n - 1]`. */
export interface InternalIds {
  idToInternalId: Map<string, number>
  internalIdToId: string[]
}

/** Entries embedded per call while deriving many vectors (one turn of the event loop each). */
const embedBatch = 250

export class EntryVectors {
  /** The rows; Orama's vector index for hybrid search. */
  readonly rows: QuantisedVectors
  /** Why some entries have no vector (the model failed), or null. */
  problem: string | null = null

  constructor(
    readonly embedder: EntryEmbedder,
    private readonly ids: InternalIds
  ) {
    this.rows = new QuantisedVectors(embedder.dimensions)
  }

  /** Puts saved rows back for the entries `holds` says are indexed. */
  restore(saved: SavedVectors, holds: (id: string) => boolean): void {
    const dimensions = saved.dimensions
    saved.ids.forEach((id, i) => {
      const internalId = this.ids.idToInternalId.get(id)
      if (internalId === undefined || !holds(id)) return
      const values = saved.rows.subarray(i * dimensions, (i + 1) * dimensions)
      this.rows.addQuantised(internalId, values, saved.scales[i]!)
    })
  }

  /** Embeds the indexed entries (`holds`) that have no vector, reading each back with `read`. */
  async embedMissing(read: (id: string) => KnowledgeEntry | undefined, holds: (id: string) => boolean) {
    const ids = this.ids.internalIdToId
    let batch: KnowledgeEntry[] = []
    for (let internalId = 1; internalId <= ids.length; internalId++) {
      const id = ids[internalId - 1]!
      if (this.rows.has(internalId) || !holds(id)) continue
      const entry = read(id)
      if (entry) batch.push(entry)
      if (batch.length === embedBatch) {
        await this.embedAll(batch)
        batch = []
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    await this.embedAll(batch)
  }

  /** Embeds indexed entries in one call and stores their vectors. */
  async embedAll(entries: KnowledgeEntry[]): Promise<void> {
    if (entries.length === 0) return
    let vectors: number[][]
    try {
      vectors = await embedChecked(this.embedder, entries.map(embeddedText))
    } catch (error) {
      this.problem = (error as Error).message
      return
    }
    entries.forEach((entry, i) => {
      const internalId = this.ids.idToInternalId.get(entry.id)
      if (internalId !== undefined) this.rows.add(internalId, vectors[i]!)
    })
  }

  /** The entry's vector, or null when the model failed (said in `problem`). */
  async embed(entry: KnowledgeEntry): Promise<number[] | null> {
    try {
      return (await embedChecked(this.embedder, [embeddedText(entry)]))[0]!
    } catch (error) {
      this.problem = (error as Error).message
      return null
    }
  }

  /** The query's vector; throws when the model fails (the search fails, in words). */
  async embedQuery(query: string): Promise<number[]> {
    return (await embedChecked(this.embedder, [query]))[0]!
  }

  /** The rows by entry id, as vectorFile.ts saves them. */
  saved(): Omit<SavedVectors, 'snapshot'> {
    const dimensions = this.rows.size
    const ids: string[] = []
    const scales = new Float32Array(this.rows.count)
    const rows = new Int8Array(this.rows.count * dimensions)
    for (const row of this.rows.rows()) {
      scales[ids.length] = row.scale
      rows.set(row.values, ids.length * dimensions)
      ids.push(this.ids.internalIdToId[row.id - 1]!)
    }
    return { model: this.embedder.model, dimensions, ids, scales, rows }
  }
}
