/**
 * Reading and changing the compact index's postings: Orama's BM25 over them (with Orama's prefix matching), the
 * per-term entry frequencies the query planner reads, and removing an entry from a term's base postings.
 */
import { lowerBound, termIdOf, type CompactIndexStore, type PropertyIndex } from './compactIndexStore'

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

export function removeFromBase(index: PropertyIndex, termId: number, internalId: number): void {
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

export interface SearchSettings {
  propertiesToSearch: string[]
  exact: boolean
  boost: Record<string, number | undefined>
  relevance: { k: number; b: number; d: number }
  docsCount: number
  filter: { has(id: number): boolean } | undefined
}

export function searchTerms(
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
