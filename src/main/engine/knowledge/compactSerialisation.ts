/**
 * The compact index's raw form, as Orama's `save(db)` returns it and `load(db, raw)` takes it: plain data in typed
 * arrays (indexFile.ts writes it to disk). Saving merges everything indexed since the base into one new base.
 */
import { emptyStore, termIdOf, type CompactIndexStore } from './compactIndexStore'
import { entryFrequencyOf } from './compactPostings'

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
