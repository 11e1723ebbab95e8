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
  private readonly documentTerms = new Map<string, Uint32Array>()
  private changes = 0

  /** Rebuilds statistics saved by `save`: the arrays are used as they are (documents' terms are views on them). */
  static restore(raw: TermStatisticsRaw): TermStatistics {
    const stats = new TermStatistics()
    stats.terms = raw.terms
    raw.terms.forEach((term, id) => stats.termIds.set(term, id))
    stats.frequencies = raw.frequencies
    raw.documentIds.forEach((id, i) =>
      stats.documentTerms.set(id, raw.documentTerms.subarray(raw.offsets[i]!, raw.offsets[i + 1]!))
    )
    return stats
  }

  /** Moves whenever a document is added, replaced or removed: anything derived from the idf is stale after it. */
  get revision(): number {
    return this.changes
  }

  get documentCount(): number {
    return this.documentTerms.size
  }

  has(documentId: string): boolean {
    return this.documentTerms.has(documentId)
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
    const terms = this.documentTerms.get(documentId)
    if (!terms) return
    this.changes++
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

  /** The statistics as plain arrays (documents in the order they were first added). */
  save(): TermStatisticsRaw {
    const documentIds = [...this.documentTerms.keys()]
    const offsets = new Uint32Array(documentIds.length + 1)
    let total = 0
    documentIds.forEach((id, i) => {
      offsets[i] = total
      total += this.documentTerms.get(id)!.length
    })
    offsets[documentIds.length] = total
    const documentTerms = new Uint32Array(total)
    documentIds.forEach((id, i) => documentTerms.set(this.documentTerms.get(id)!, offsets[i]!))
    return {
      terms: [...this.terms],
      frequencies: this.frequencies.slice(0, this.terms.length),
      documentIds,
      offsets,
      documentTerms
    }
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
