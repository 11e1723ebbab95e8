/**
 * Orama's `index` component, compact: the same BM25 full-text search as Orama's own index, in typed arrays.
 *
 * Orama's default index keeps, per entry and property, an object of term frequencies, and per term a Set of entry ids
 * in a radix tree: about 21 KB per knowledge entry, and nothing that loads fast. This component keeps what that
 * search reads, and nothing else:
 * - a sorted dictionary of terms (shared by all properties), binary-searched for Orama's prefix matches;
 * - per property and term, the internal ids of the entries holding it, all in one Int32Array (the base, as loaded
 *   or as written at the last compaction), plus small arrays for entries indexed since;
 * - per property and entry, the field length (Orama's tokenizer deduplicates tokens, so a term's frequency in a
 *   field is always 1 / length, and a term's occurrences are the entries that hold it);
 * - per entry, its status (the only filter the store uses).
 * Scores are Orama's BM25 with the same parameters; typo tolerance and thresholds other than Orama's default (all
 * matches) are refused, since the store uses neither.
 *
 * `save` and `load` are Orama's own persistence hooks (`save(db)` / `load(db, raw)`); the raw form is typed arrays,
 * written to disk by indexFile.ts.
 */
import type { AnyOrama, IIndex, Tokenizer } from '@orama/orama'

/** Orama 3.1's BM25 (components/algorithms.ts), which the package does not export. */
function BM25(
  tf: number,
  matchingCount: number,
  docsCount: number,
  fieldLength: number,
  averageFieldLength: number,
  { k, b, d }: { k: number; b: number; d: number }
): number {
  const idf = Math.log(1 + (docsCount - matchingCount + 0.5) / (matchingCount + 0.5))
  return (idf * (d + tf * (k + 1))) / (tf + k * (1 - b + (b * fieldLength) / averageFieldLength))
}

interface PropertyIndex {
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

/** What `save` returns and `load` takes: plain data, no Maps. */
export interface CompactIndexRaw {
  terms: string[]
  entryFrequency: Int32Array
  statuses: Uint8Array
  statusProperty: string
  statusNames: readonly string[]
  searchablePropertiesWithTypes: Record<string, string>
  properties: Record<
    string,
    {
      start: Int32Array
      count: Int32Array
      postings: Int32Array
      fieldLengths: Uint32Array
      totalLength: number
    }
  >
}

/** A where-filter on the status, answered from the status array instead of building a Set of every entry. */
class StatusFilter {
  constructor(
    private readonly statuses: Uint8Array,
    private readonly wanted: Set<number>
  ) {}

  has(id: number): boolean {
    return this.wanted.has(this.statuses[id] ?? 0)
  }
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  if (needed < array.length) return array
  const next = new (array.constructor as new (length: number) => T)(
    Math.max(needed + 1, array.length * 2, 64)
  )
  next.set(array)
  return next
}

/** First index in the sorted `list` whose value is >= `value`. */
function lowerBound(list: readonly string[], value: string): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle]! < value) low = middle + 1
    else high = middle
  }
  return low
}

function emptyProperty(): PropertyIndex {
  return {
    start: new Int32Array(0),
    count: new Int32Array(0),
    postings: new Int32Array(0),
    added: new Map(),
    fieldLengths: new Uint32Array(64),
    totalLength: 0
  }
}

export function compactIndexComponent(statusNames: readonly string[]): IIndex<CompactIndexStore> {
  const unused = (name: string) => () => {
    throw new Error(`the compact knowledge index does not use ${name}`)
  }
  const component = {
    create(_orama: AnyOrama, _shared: unknown, schema: Record<string, unknown>): CompactIndexStore {
      const store = emptyStore(statusNames)
      for (const [property, type] of Object.entries(schema)) {
        if (type === 'string') store.properties[property] = emptyProperty()
        else if (type === 'enum' && store.statusProperty === '') store.statusProperty = property
        else throw new Error(`the compact knowledge index cannot index ${property} (${String(type)})`)
        store.searchableProperties.push(property)
        store.searchablePropertiesWithTypes[property] = type
      }
      return store
    },
    insert(
      _implementation: unknown,
      store: CompactIndexStore,
      property: string,
      _id: unknown,
      internalId: number,
      value: unknown,
      _schemaType: unknown,
      language: string | undefined,
      tokenizer: Tokenizer
    ): void {
      if (property === store.statusProperty) {
        store.statuses = grown(store.statuses, internalId)
        store.statuses[internalId] = statusCode(store, value)
        return
      }
      const index = store.properties[property]!
      const tokens = tokenizer.tokenize(value as string, language, property, false) as string[]
      index.fieldLengths = grown(index.fieldLengths, internalId)
      index.fieldLengths[internalId] = tokens.length
      index.totalLength += tokens.length
      for (const token of tokens) {
        let list = index.added.get(token)
        if (!list) {
          index.added.set(token, (list = []))
          if (!store.bulk && termIdOf(store, token) < 0) addTerm(store.addedTerms, token)
        }
        list.push(internalId)
      }
    },
    remove(
      _implementation: unknown,
      store: CompactIndexStore,
      property: string,
      _id: unknown,
      internalId: number,
      value: unknown,
      _schemaType: unknown,
      language: string | undefined,
      tokenizer: Tokenizer
    ): boolean {
      if (property === store.statusProperty) {
        if (internalId < store.statuses.length) store.statuses[internalId] = 0
        return true
      }
      const index = store.properties[property]!
      const tokens = tokenizer.tokenize(value as string, language, property) as string[]
      index.totalLength -= index.fieldLengths[internalId] ?? 0
      if (internalId < index.fieldLengths.length) index.fieldLengths[internalId] = 0
      for (const token of tokens) {
        const list = index.added.get(token)
        const at = list ? list.lastIndexOf(internalId) : -1
        if (list && at >= 0) {
          list.splice(at, 1)
          if (list.length === 0) index.added.delete(token)
          continue
        }
        const termId = termIdOf(store, token)
        if (termId >= 0) removeFromBase(index, termId, internalId)
      }
      return true
    },
    insertDocumentScoreParameters: unused('insertDocumentScoreParameters'),
    insertTokenScoreParameters: unused('insertTokenScoreParameters'),
    removeDocumentScoreParameters: unused('removeDocumentScoreParameters'),
    removeTokenScoreParameters: unused('removeTokenScoreParameters'),
    calculateResultScores: unused('calculateResultScores'),
    search(
      store: CompactIndexStore,
      term: string,
      tokenizer: Tokenizer,
      language: string | undefined,
      propertiesToSearch: string[],
      exact: boolean,
      tolerance: number,
      boost: Record<string, number | undefined>,
      relevance: { k: number; b: number; d: number },
      docsCount: number,
      whereFiltersIDs: { has(id: number): boolean } | undefined,
      threshold = 0
    ): Array<[number, number]> {
      if (tolerance) throw new Error('the compact knowledge index does not support typo tolerance')
      if (threshold !== 1)
        throw new Error('the compact knowledge index returns every match (threshold 1) only')
      return searchTerms(store, tokenizer.tokenize(term, language) as string[], {
        propertiesToSearch,
        exact,
        boost,
        relevance,
        docsCount,
        filter: whereFiltersIDs
      })
    },
    searchByWhereClause(store: CompactIndexStore, _tokenizer: unknown, filters: Record<string, unknown>) {
      const keys = Object.keys(filters)
      const condition = filters[store.statusProperty] as { in?: unknown[]; eq?: unknown } | undefined
      if (keys.length !== 1 || !condition) {
        throw new Error(`the compact knowledge index filters on ${store.statusProperty} only`)
      }
      const values = condition.in ?? (condition.eq === undefined ? [] : [condition.eq])
      return new StatusFilter(store.statuses, new Set(values.map((value) => statusCode(store, value))))
    },
    getSearchableProperties: (store: CompactIndexStore) => store.searchableProperties,
    getSearchablePropertiesWithTypes: (store: CompactIndexStore) => store.searchablePropertiesWithTypes,
    load: (_shared: unknown, raw: CompactIndexRaw) => loadStore(raw),
    save: (store: CompactIndexStore) => saveStore(store)
  }
  return component as unknown as IIndex<CompactIndexStore>
}

function emptyStore(statusNames: readonly string[]): CompactIndexStore {
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

function statusCode(store: CompactIndexStore, value: unknown): number {
  const code = store.statusNames.indexOf(value as string) + 1
  if (code === 0) throw new Error(`unknown ${store.statusProperty} "${String(value)}"`)
  return code
}

/** The term's position in the base dictionary, or -1 (a binary search: no Map of every term to build at load). */
function termIdOf(store: CompactIndexStore, term: string): number {
  const at = lowerBound(store.terms, term)
  return store.terms[at] === term ? at : -1
}

function addTerm(sorted: string[], term: string): void {
  const at = lowerBound(sorted, term)
  if (sorted[at] !== term) sorted.splice(at, 0, term)
}

function removeFromBase(index: PropertyIndex, termId: number, internalId: number): void {
  const start = index.start[termId]!
  const end = start + index.count[termId]!
  let low = start
  let high = end
  while (low < high) {
    const middle = (low + high) >>> 1
    if (index.postings[middle]! < internalId) low = middle + 1
    else high = middle
  }
  if (low === end || index.postings[low] !== internalId) return
  index.postings.copyWithin(low, low + 1, end)
  index.count[termId]! -= 1
}

/** Calls `visit` for every dictionary term equal to `token` or, unless `exact`, starting with it (Orama's matching). */
function eachMatchingTerm(
  store: CompactIndexStore,
  token: string,
  exact: boolean,
  visit: (term: string, termId: number) => void
): void {
  if (token === '') return
  if (exact) {
    const termId = termIdOf(store, token)
    if (termId >= 0) visit(token, termId)
    else if (store.addedTerms[lowerBound(store.addedTerms, token)] === token) visit(token, -1)
    return
  }
  for (
    let i = lowerBound(store.terms, token);
    i < store.terms.length && store.terms[i]!.startsWith(token);
    i++
  )
    visit(store.terms[i]!, i)
  const added = store.addedTerms
  for (let i = lowerBound(added, token); i < added.length && added[i]!.startsWith(token); i++)
    visit(added[i]!, -1)
}

interface SearchSettings {
  propertiesToSearch: string[]
  exact: boolean
  boost: Record<string, number | undefined>
  relevance: { k: number; b: number; d: number }
  docsCount: number
  filter: { has(id: number): boolean } | undefined
}

function searchTerms(
  store: CompactIndexStore,
  tokens: string[],
  settings: SearchSettings
): Array<[number, number]> {
  const { docsCount, relevance, filter } = settings
  let maxId = store.statuses.length
  for (const index of Object.values(store.properties)) maxId = Math.max(maxId, index.fieldLengths.length)
  if (store.scratch.length < maxId) store.scratch = new Float64Array(maxId)
  const scores = store.scratch
  const touched: number[] = []
  for (const property of settings.propertiesToSearch) {
    const index = store.properties[property]
    if (!index) continue
    const boost = settings.boost[property] ?? 1
    const averageLength = docsCount > 0 ? index.totalLength / docsCount : 0
    const score = (id: number, matching: number): void => {
      if (filter && !filter.has(id)) return
      const length = index.fieldLengths[id]!
      const value = BM25(1 / length, matching, docsCount, length, averageLength, relevance) * boost
      if (scores[id] === 0) touched.push(id)
      scores[id]! += value
    }
    for (const token of tokens) {
      eachMatchingTerm(store, token, settings.exact, (term, termId) => {
        const base = termId >= 0 ? (index.count[termId] ?? 0) : 0
        const added = index.added.get(term)
        const matching = base + (added?.length ?? 0)
        if (matching === 0) return
        if (base > 0) {
          const start = index.start[termId]!
          for (let i = start; i < start + base; i++) score(index.postings[i]!, matching)
        }
        if (added) for (const id of added) score(id, matching)
      })
    }
  }
  const results: Array<[number, number]> = touched.map((id) => [id, scores[id]!])
  for (const id of touched) scores[id] = 0
  return results.sort((a, b) => b[1] - a[1])
}

/** Entries holding `term` in any property (for the query planner). */
export function entryFrequencyOf(store: CompactIndexStore, term: string): number {
  const termId = termIdOf(store, term)
  return termId < 0 ? (store.addedEntryFrequency.get(term) ?? 0) : store.entryFrequency[termId]!
}

/**
 * What searching `token` costs, as the query planner measures it: the entries holding the term or, since Orama also
 * matches every term that starts with it, the sum over all such terms (counted up to `cap`).
 */
export function prefixFrequencyOf(store: CompactIndexStore, token: string, cap: number): number {
  let total = 0
  const terms = store.terms
  for (let i = lowerBound(terms, token); i < terms.length && terms[i]!.startsWith(token) && total <= cap; i++)
    total += store.entryFrequency[i]!
  const added = store.addedTerms
  for (let i = lowerBound(added, token); i < added.length && added[i]!.startsWith(token) && total <= cap; i++)
    total += store.addedEntryFrequency.get(added[i]!) ?? 0
  return total
}

/** Whether so many terms were added since the base was built that a new base should be made (see KnowledgeIndex). */
export function wantsNewBase(store: CompactIndexStore): boolean {
  return store.addedTerms.length > 20_000
}

/** Adds `delta` to the entry frequency of each term (an entry holding them was indexed, or left). */
export function countEntryTerms(store: CompactIndexStore, terms: Iterable<string>, delta: number): void {
  for (const term of terms) {
    const termId = termIdOf(store, term)
    if (termId >= 0) {
      store.entryFrequency[termId]! += delta
      continue
    }
    const count = (store.addedEntryFrequency.get(term) ?? 0) + delta
    if (count > 0) store.addedEntryFrequency.set(term, count)
    else store.addedEntryFrequency.delete(term)
  }
}

/** The base and everything indexed since, merged into one new base (terms nothing holds any more are dropped). */
export function saveStore(store: CompactIndexStore): CompactIndexRaw {
  const properties = Object.entries(store.properties)
  const holds = (term: string, termId: number): boolean =>
    (termId >= 0 ? store.entryFrequency[termId]! : (store.addedEntryFrequency.get(term) ?? 0)) > 0 ||
    properties.some(([, index]) => (termId >= 0 && index.count[termId]! > 0) || index.added.has(term))
  // Base terms are sorted already; terms added since are merged in.
  const baseKept: Array<{ term: string; termId: number }> = []
  store.terms.forEach((term, termId) => {
    if (holds(term, termId)) baseKept.push({ term, termId })
  })
  const addedSet = new Set<string>(store.addedEntryFrequency.keys())
  for (const [, index] of properties) for (const term of index.added.keys()) addedSet.add(term)
  const addedKept = [...addedSet]
    .filter((term) => termIdOf(store, term) < 0 && holds(term, -1))
    .sort()
    .map((term) => ({ term, termId: -1 }))
  const kept: Array<{ term: string; termId: number }> = []
  for (let b = 0, a = 0; b < baseKept.length || a < addedKept.length; ) {
    if (a >= addedKept.length || (b < baseKept.length && baseKept[b]!.term < addedKept[a]!.term))
      kept.push(baseKept[b++]!)
    else kept.push(addedKept[a++]!)
  }
  const terms = kept.map((item) => item.term)
  const entryFrequency = new Int32Array(kept.length)
  kept.forEach((item, i) => (entryFrequency[i] = entryFrequencyOf(store, item.term)))
  const raw: CompactIndexRaw = {
    terms,
    entryFrequency,
    statuses: store.statuses.slice(),
    statusProperty: store.statusProperty,
    statusNames: store.statusNames,
    searchablePropertiesWithTypes: { ...store.searchablePropertiesWithTypes },
    properties: {}
  }
  for (const [property, index] of properties) {
    let total = 0
    for (const { term, termId } of kept)
      total += (termId >= 0 ? index.count[termId]! : 0) + (index.added.get(term)?.length ?? 0)
    const start = new Int32Array(kept.length)
    const count = new Int32Array(kept.length)
    const postings = new Int32Array(total)
    let at = 0
    kept.forEach(({ term, termId }, i) => {
      start[i] = at
      const added = [...(index.added.get(term) ?? [])].sort((a, b) => a - b)
      const baseStart = termId >= 0 ? index.start[termId]! : 0
      const baseEnd = baseStart + (termId >= 0 ? index.count[termId]! : 0)
      // Both runs are ascending: merge them.
      let b = baseStart
      let a = 0
      while (b < baseEnd || a < added.length) {
        if (a >= added.length || (b < baseEnd && index.postings[b]! < added[a]!))
          postings[at++] = index.postings[b++]!
        else postings[at++] = added[a++]!
      }
      count[i] = at - start[i]!
    })
    raw.properties[property] = {
      start,
      count,
      postings,
      fieldLengths: index.fieldLengths.slice(),
      totalLength: index.totalLength
    }
  }
  return raw
}

export function loadStore(raw: CompactIndexRaw): CompactIndexStore {
  const store = emptyStore(raw.statusNames)
  store.terms = raw.terms
  store.entryFrequency = raw.entryFrequency
  store.statuses = raw.statuses
  store.statusProperty = raw.statusProperty
  store.searchablePropertiesWithTypes = { ...raw.searchablePropertiesWithTypes }
  store.searchableProperties = Object.keys(raw.searchablePropertiesWithTypes)
  for (const [property, saved] of Object.entries(raw.properties)) {
    store.properties[property] = {
      start: saved.start,
      count: saved.count,
      postings: saved.postings,
      added: new Map(),
      fieldLengths: saved.fieldLengths,
      totalLength: saved.totalLength
    }
  }
  return store
}
