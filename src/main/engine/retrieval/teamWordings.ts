/**
 * One team's wording centroids (see wordingModel.ts), compact, because a team may hold one per entry of 100k: each
 * term is numbered once; each entry's centroid is a run of term numbers and weights in two shared pools (in the
 * order its terms were given, which the norm sums in); per term, the entries holding it and their weights, as the
 * inverted index that scoring walks. No Map or Set per entry.
 */
import type { WordingColumns } from './wordingColumns'

export class TeamWordings {
  private readonly termIds = new Map<string, number>()
  private readonly terms: string[] = []
  /**
   * Per term number: the slots of the entries whose centroid holds it, and its weight there. Null after `fromColumns`
   * until first needed (a score, an idf, a change): built then from the pools in one pass, as loading would have.
   */
  private postings: { slots: number[][]; weights: number[][] } | null = { slots: [], weights: [] }
  private readonly slots = new Map<string, number>()
  private readonly ids: string[] = []
  private caseCounts = new Int32Array(64)
  private starts = new Uint32Array(64)
  private lengths = new Uint32Array(64)
  private termPool = new Uint32Array(1024)
  private weightPool = new Float64Array(1024)
  private poolUsed = 0
  private poolLive = 0
  /** Bumped on every change; cached norms older than it are recomputed on use. */
  private generation = 0
  private normGenerations = new Int32Array(64).fill(-1)
  private norms = new Float64Array(64)
  private scratch = new Float64Array(64)

  /**
   * Centroids read back from columns in one pass over flat arrays (no Map per entry), as `set` in column order
   * would leave them. Null when the columns hold an id or a term twice, or a centroid over `maxTerms` terms: `set` decides then.
   * The inverted index waits for its first use (at 100k entries, a few million postings: about half a second of
   * every start, before anything asked for a score).
   */
  static fromColumns(columns: WordingColumns, maxTerms: number): TeamWordings | null {
    const words = new TeamWordings()
    words.postings = null
    const count = columns.ids.length
    if (columns.lengths.some((length) => length > maxTerms)) return null
    columns.ids.forEach((id, slot) => words.slots.set(id, slot))
    if (words.slots.size !== count) return null
    words.ids.push(...columns.ids)
    columns.terms.forEach((term) => words.termId(term))
    if (words.terms.length !== columns.terms.length) return null
    words.growSlots(Math.max(0, count - 1))
    words.caseCounts.set(columns.cases)
    words.termPool = Uint32Array.from(columns.termIds)
    words.weightPool = Float64Array.from(columns.weights)
    words.poolUsed = words.poolLive = columns.termIds.length
    let at = 0
    for (let slot = 0; slot < count; slot++) {
      words.starts[slot] = at
      words.lengths[slot] = columns.lengths[slot]!
      at += columns.lengths[slot]!
    }
    words.generation = count
    return words
  }

  get size(): number {
    return this.ids.length
  }

  has(entryId: string): boolean {
    return this.slots.has(entryId)
  }

  cases(entryId: string): number {
    const slot = this.slots.get(entryId)
    return slot === undefined ? 0 : this.caseCounts[slot]!
  }

  /** The entry's centroid, its terms in their order. */
  termsOf(entryId: string): Map<string, number> | undefined {
    const slot = this.slots.get(entryId)
    if (slot === undefined) return undefined
    const terms = new Map<string, number>()
    const start = this.starts[slot]!
    for (let i = start; i < start + this.lengths[slot]!; i++)
      terms.set(this.terms[this.termPool[i]!]!, this.weightPool[i]!)
    return terms
  }

  entryIds(): readonly string[] {
    return this.ids
  }

  set(entryId: string, cases: number, terms: Map<string, number>): void {
    const postings = this.posted()
    let slot = this.slots.get(entryId)
    if (slot === undefined) {
      slot = this.ids.length
      this.slots.set(entryId, slot)
      this.ids.push(entryId)
      this.growSlots(slot)
    } else {
      this.unpost(slot)
    }
    this.caseCounts[slot] = cases
    this.growPool(terms.size)
    this.starts[slot] = this.poolUsed
    this.lengths[slot] = terms.size
    for (const [term, weight] of terms) {
      const termId = this.termId(term)
      this.termPool[this.poolUsed] = termId
      this.weightPool[this.poolUsed++] = weight
      postings.slots[termId]!.push(slot)
      postings.weights[termId]!.push(weight)
    }
    this.poolLive += terms.size
    this.generation++
  }

  /** Whether any centroid ever held the term (a term no centroid holds any more still counts as seen). */
  knows(term: string): boolean {
    return this.termIds.has(term)
  }

  idf(term: string): number {
    const termId = this.termIds.get(term)
    const df = termId === undefined ? 0 : this.posted().slots[termId]!.length
    return Math.log(1 + (this.ids.length + 1) / (df + 0.5))
  }

  /**
   * Adds `value × weight × idf` of each query term to the dot product of every centroid holding it, in the order of
   * `query`, then calls `visit` once per centroid touched with its entry id, dot product and slot.
   */
  dots(
    query: ReadonlyMap<string, number>,
    visit: (entryId: string, dot: number, cases: number, norm: () => number) => void
  ): void {
    if (this.scratch.length < this.ids.length) this.scratch = new Float64Array(this.ids.length * 2)
    const scores = this.scratch
    const touched: number[] = []
    const seen = new Uint8Array(this.ids.length)
    const postings = this.posted()
    for (const [term, value] of query) {
      const termId = this.termIds.get(term)
      if (termId === undefined) continue
      const idf = this.idf(term)
      const slots = postings.slots[termId]!
      const weights = postings.weights[termId]!
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!
        if (seen[slot] === 0) {
          seen[slot] = 1
          touched.push(slot)
          scores[slot] = 0
        }
        scores[slot]! += value * weights[i]! * idf
      }
    }
    for (const slot of touched)
      visit(this.ids[slot]!, scores[slot]!, this.caseCounts[slot]!, () => this.norm(slot))
  }

  private norm(slot: number): number {
    if (this.normGenerations[slot] === this.generation) return this.norms[slot]!
    let sum = 0
    const start = this.starts[slot]!
    for (let i = start; i < start + this.lengths[slot]!; i++) {
      const term = this.terms[this.termPool[i]!]!
      sum += (this.weightPool[i]! * this.idf(term)) ** 2
    }
    const norm = Math.sqrt(sum)
    this.normGenerations[slot] = this.generation
    this.norms[slot] = norm
    return norm
  }

  /** The inverted index, built now from the pools when `fromColumns` left it for later (slot order, pool order). */
  private posted(): { slots: number[][]; weights: number[][] } {
    if (this.postings) return this.postings
    const postings = {
      slots: this.terms.map((): number[] => []),
      weights: this.terms.map((): number[] => [])
    }
    for (let slot = 0; slot < this.ids.length; slot++) {
      const start = this.starts[slot]!
      for (let i = start; i < start + this.lengths[slot]!; i++) {
        postings.slots[this.termPool[i]!]!.push(slot)
        postings.weights[this.termPool[i]!]!.push(this.weightPool[i]!)
      }
    }
    this.postings = postings
    return postings
  }

  private unpost(slot: number): void {
    const postings = this.posted()
    const start = this.starts[slot]!
    for (let i = start; i < start + this.lengths[slot]!; i++) {
      const termId = this.termPool[i]!
      const at = postings.slots[termId]!.indexOf(slot)
      if (at < 0) continue
      postings.slots[termId]!.splice(at, 1)
      postings.weights[termId]!.splice(at, 1)
    }
    this.poolLive -= this.lengths[slot]!
    this.lengths[slot] = 0
  }

  private termId(term: string): number {
    let termId = this.termIds.get(term)
    if (termId === undefined) {
      termId = this.terms.length
      this.terms.push(term)
      this.termIds.set(term, termId)
      this.postings?.slots.push([])
      this.postings?.weights.push([])
    }
    return termId
  }

  private growSlots(slot: number): void {
    if (slot < this.caseCounts.length) return
    const length = Math.max(this.caseCounts.length * 2, slot + 1)
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(array: T, fill?: number): T => {
      const next = new (array.constructor as new (length: number) => T)(length)
      if (fill !== undefined) next.fill(fill)
      next.set(array)
      return next
    }
    this.caseCounts = grow(this.caseCounts)
    this.starts = grow(this.starts)
    this.lengths = grow(this.lengths)
    this.normGenerations = grow(this.normGenerations, -1)
    this.norms = grow(this.norms)
  }

  /** Room for `count` more terms; the pools are packed again when replaced centroids left more than half unused. */
  private growPool(count: number): void {
    if (this.poolUsed + count <= this.termPool.length) return
    const live = this.poolLive + count
    const capacity = Math.max(1024, live * 2)
    const terms = new Uint32Array(capacity)
    const weights = new Float64Array(capacity)
    let used = 0
    for (let slot = 0; slot < this.ids.length; slot++) {
      const start = this.starts[slot]!
      const length = this.lengths[slot]!
      terms.set(this.termPool.subarray(start, start + length), used)
      weights.set(this.weightPool.subarray(start, start + length), used)
      this.starts[slot] = used
      used += length
    }
    this.termPool = terms
    this.weightPool = weights
    this.poolUsed = used
  }
}
