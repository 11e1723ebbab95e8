/**
 * The compact knowledge index's state (see compactIndex.ts): a sorted term dictionary shared by every property,
 * per property the postings of each term in typed arrays (a base, plus small arrays for entries indexed since), field
 * lengths and each entry's status; and the small helpers that find a term in it.
 */

export interface PropertyIndex {
  /** Per base term: where its entries start in `postings`, and how many are still there. */
  start: Int32Array
  count: Int32Array
  /** Internal entry ids, ascending within each term's range. */
  postings: Int32Array
  /** Entries indexed since the base was built, per term (any order). */
  added: Map<string, number[]>
  /** Distinct terms of the field, by internal id. */
  fieldLengths: Uint32Array
  totalLength: number
}

export interface CompactIndexStore {
  /** The base dictionary, sorted by UTF-16 code units (the order of `Array.prototype.sort`). */
  terms: string[]
  /** Terms indexed since the base was built that it does not hold, sorted. */
  addedTerms: string[]
  /** Entries holding each base term in any property: the query planner's statistics. */
  entryFrequency: Int32Array
  addedEntryFrequency: Map<string, number>
  properties: Record<string, PropertyIndex>
  /** Status code (index in `statusNames` plus one; 0 when unset) by internal id. */
  statuses: Uint8Array
  statusProperty: string
  statusNames: readonly string[]
  searchableProperties: string[]
  searchablePropertiesWithTypes: Record<string, string>
  /** Reused per search: scores by internal id. */
  scratch: Float64Array
  /** Orama reads this on every search; embeddings are not indexed here. */
  vectorIndexes: Record<string, never>
  /** While building from scratch: `addedTerms` is not kept (no search runs before `saveStore` makes a base). */
  bulk: boolean
}

export function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  if (needed < array.length) return array
  const next = new (array.constructor as new (length: number) => T)(
    Math.max(needed + 1, array.length * 2, 64)
  )
  next.set(array)
  return next
}

/** First index in the sorted `list` whose value is >= `value`. */
export function lowerBound(list: readonly string[], value: string): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}

export function emptyProperty(): PropertyIndex {
  return {
    start: new Int32Array(0),
    count: new Int32Array(0),
    postings: new Int32Array(0),
    added: new Map(),
    fieldLengths: new Uint32Array(64),
    totalLength: 0
  }
}

export function emptyStore(statusNames: readonly string[]): CompactIndexStore {
  return {
    terms: [],
    addedTerms: [],
    entryFrequency: new Int32Array(0),
    addedEntryFrequency: new Map(),
    properties: {},
    statuses: new Uint8Array(64),
    statusProperty: '',
    statusNames,
    searchableProperties: [],
    searchablePropertiesWithTypes: {},
    scratch: new Float64Array(64),
    vectorIndexes: {},
    bulk: false
  }
}

export function statusCode(store: CompactIndexStore, value: unknown): number {
  const code = store.statusNames.indexOf(value as string) + 1
  if (code === 0) throw new Error(`unknown ${store.statusProperty} "${String(value)}"`)
  return code
}

/** The term's position in the base dictionary, or -1 (a binary search: no Map of every term to build at load). */
export function termIdOf(store: CompactIndexStore, term: string): number {
  const at = lowerBound(store.terms, term)
  return store.terms[at] === term ? at : -1
}

export function addTerm(sorted: string[], term: string): void {
  const at = lowerBound(sorted, term)
  if (sorted[at] !== term) sorted.splice(at, 0, term)
}
