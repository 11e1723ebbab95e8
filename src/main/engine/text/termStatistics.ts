/**
 * Document frequencies over a set of documents (one team's knowledge entries), kept incrementally so that
 * adding or replacing one document costs only its own terms.
 *
 * Compact, because a team may hold 100k entries: each term is numbered once, frequencies live in an Int32Array by
 * term number, and each document keeps its distinct terms as one Uint32Array of term numbers (what replacing or
 * removing it must subtract), never a Set of strings. `save`/`restore` move that state to and from plain arrays.
 */

/** The statistics as plain data: what `save` returns and `restore` takes. */
export interface TermStatisticsRaw {
  /** Every term numbered so far (a term no document holds any more keeps its number, at frequency 0). */
  terms: string[]
  /** Document frequency by term number. */
  frequencies: Int32Array
  documentIds: string[]
  /** Document `i`'s distinct term numbers are `documentTerms[offsets[i]..offsets[i + 1])`. */
  offsets: Uint32Array
  documentTerms: Uint32Array
}

export class TermStatistics {
  private readonly termIds = new Map<string, number>()
  private terms: string[] = []
  private frequencies: Int32Array = new Int32Array(256)
  /** Documents as restored: their terms stay in the restored arrays (no object per document). */
  private readonly restored = new Map<string, number>()
  private restoredOffsets: Uint32Array = new Uint32Array(1)
  private restoredTerms: Uint32Array = new Uint32Array(0)
  /** Documents added or replaced since (or all of them, when nothing was restored). */
  private readonly documentTerms = new Map<string, Uint32Array>()
  private changes = 0

  /** Rebuilds statistics saved by `save`, using its arrays as they are. */
  static restore(raw: TermStatisticsRaw): TermStatistics {
    const stats = new TermStatistics()
    stats.terms = raw.terms
    raw.terms.forEach((term, id) => stats.termIds.set(term, id))
    stats.frequencies = raw.frequencies
    stats.restoredOffsets = raw.offsets
    stats.restoredTerms = raw.documentTerms
    raw.documentIds.forEach((id, i) => stats.restored.set(id, i))
    return stats
  }

  /** Moves whenever a document is added, replaced or removed: anything derived from the idf is stale after it. */
  get revision(): number {
    return this.changes
  }

  get documentCount(): number {
    return this.restored.size + this.documentTerms.size
  }

  has(documentId: string): boolean {
    return this.restored.has(documentId) || this.documentTerms.has(documentId)
  }

  /** Adds or replaces a document's terms. */
  set(documentId: string, tokens: readonly string[]): void {
    this.remove(documentId)
    this.changes++
    const ids = new Set<number>()
    for (const token of tokens) ids.add(this.termId(token))
    const terms = Uint32Array.from(ids)
    this.documentTerms.set(documentId, terms)
    for (const id of terms) this.frequencies[id]! += 1
  }

  remove(documentId: string): void {
    const terms = this.termsOf(documentId)
    if (!terms) return
    this.changes++
    this.restored.delete(documentId)
    this.documentTerms.delete(documentId)
    for (const id of terms) this.frequencies[id]! -= 1
  }

  /** How many documents use the term. */
  frequency(term: string): number {
    const id = this.termIds.get(term)
    return id === undefined ? 0 : this.frequencies[id]!
  }

  /** Smoothed inverse document frequency; unseen terms get the highest weight. */
  idf(term: string): number {
    const n = this.documentCount
    const df = this.frequency(term)
    return Math.log(1 + (n + 1) / (df + 0.5))
  }

  /** The statistics as plain arrays (restored documents first, then those added since). */
  save(): TermStatisticsRaw {
    const documentIds = [...this.restored.keys(), ...this.documentTerms.keys()]
    const offsets = new Uint32Array(documentIds.length + 1)
    let total = 0
    const runs = documentIds.map((id, i) => {
      const terms = this.termsOf(id)!
      offsets[i] = total
      total += terms.length
      return terms
    })
    offsets[documentIds.length] = total
    const documentTerms = new Uint32Array(total)
    runs.forEach((terms, i) => documentTerms.set(terms, offsets[i]!))
    return {
      terms: [...this.terms],
      frequencies: this.frequencies.slice(0, this.terms.length),
      documentIds,
      offsets,
      documentTerms
    }
  }

  private termsOf(documentId: string): Uint32Array | undefined {
    const at = this.restored.get(documentId)
    if (at === undefined) return this.documentTerms.get(documentId)
    return this.restoredTerms.subarray(this.restoredOffsets[at]!, this.restoredOffsets[at + 1]!)
  }

  private termId(term: string): number {
    let id = this.termIds.get(term)
    if (id === undefined) {
      id = this.terms.length
      this.terms.push(term)
      this.termIds.set(term, id)
      if (id >= this.frequencies.length) {
        const grown = new Int32Array(Math.max(256, this.frequencies.length * 2))
        grown.set(this.frequencies)
        this.frequencies = grown
      }
    }
    return id
  }
}
