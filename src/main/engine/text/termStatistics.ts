/**
 * Document frequencies over a set of documents (one team's knowledge entries), kept incrementally so that
 * adding or replacing one document costs only its own terms.
 */
export class TermStatistics {
  private readonly documentFrequency = new Map<string, number>()
  private readonly documentTerms = new Map<string, Set<string>>()
  private changes = 0

  /** Moves whenever a document is added, replaced or removed: anything derived from the idf is stale after it. */
  get revision(): number {
    return this.changes
  }

  get documentCount(): number {
    return this.documentTerms.size
  }

  /** Adds or replaces a document's terms. */
  set(documentId: string, tokens: readonly string[]): void {
    this.remove(documentId)
    this.changes++
    const terms = new Set(tokens)
    this.documentTerms.set(documentId, terms)
    for (const term of terms) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1)
  }

  remove(documentId: string): void {
    const terms = this.documentTerms.get(documentId)
    if (!terms) return
    this.changes++
    this.documentTerms.delete(documentId)
    for (const term of terms) {
      const count = (this.documentFrequency.get(term) ?? 1) - 1
      if (count <= 0) this.documentFrequency.delete(term)
      else this.documentFrequency.set(term, count)
    }
  }

  /** How many documents use the term. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0
  }

  /** Smoothed inverse document frequency; unseen terms get the highest weight. */
  idf(term: string): number {
    const n = this.documentCount
    const df = this.documentFrequency.get(term) ?? 0
    return Math.log(1 + (n + 1) / (df + 0.5))
  }
}
