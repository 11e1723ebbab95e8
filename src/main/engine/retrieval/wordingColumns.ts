/**
 * A team's wording centroids as columns (format 2 of `wordings/<team>.json`): one dictionary of terms and flat
 * arrays of ids, case counts, term numbers and weights. JSON.parse reads these flat arrays in a fraction of the time
 * it takes for an object per entry keyed by its terms (format 1), which at 100k entries took seconds of every start.
 *
 * Each centroid's terms are written in the order a format 1 file gives them back (a JavaScript object lists
 * integer-like keys first, ascending), so a centroid reads back the same whichever format it was saved in.
 */
export interface WordingColumns {
  terms: string[]
  ids: string[]
  cases: number[]
  /** Terms per centroid; centroid `i`'s are the next `lengths[i]` of `termIds`/`weights`. */
  lengths: number[]
  termIds: number[]
  weights: number[]
}

export interface CentroidRow {
  id: string
  cases: number
  terms: ReadonlyMap<string, number>
}

export function toColumns(rows: Iterable<CentroidRow>): WordingColumns {
  const columns: WordingColumns = { terms: [], ids: [], cases: [], lengths: [], termIds: [], weights: [] }
  const numbers = new Map<string, number>()
  for (const row of rows) {
    columns.ids.push(row.id)
    columns.cases.push(row.cases)
    const ordered = inObjectOrder([...row.terms])
    columns.lengths.push(ordered.length)
    for (const [term, weight] of ordered) {
      let number = numbers.get(term)
      if (number === undefined) {
        number = columns.terms.length
        numbers.set(term, number)
        columns.terms.push(term)
      }
      columns.termIds.push(number)
      columns.weights.push(weight)
    }
  }
  return columns
}

export function* fromColumns(columns: WordingColumns): Generator<CentroidRow> {
  let at = 0
  for (let i = 0; i < columns.ids.length; i++) {
    const terms = new Map<string, number>()
    for (const end = at + columns.lengths[i]!; at < end; at++)
      terms.set(columns.terms[columns.termIds[at]!]!, columns.weights[at]!)
    yield { id: columns.ids[i]!, cases: columns.cases[i]!, terms }
  }
}

/** Whether `value` is well-formed columns: consistent lengths, known term numbers, the same rules on values. */
export function areColumns(value: unknown): value is WordingColumns {
  if (typeof value !== 'object' || value === null) return false
  const { terms, ids, cases, lengths, termIds, weights } = value as Partial<WordingColumns>
  const lists = [terms, ids, cases, lengths, termIds, weights]
  if (!lists.every(Array.isArray)) return false
  if (ids!.length !== cases!.length || ids!.length !== lengths!.length) return false
  if (termIds!.length !== weights!.length) return false
  if (!terms!.every((term) => typeof term === 'string')) return false
  if (!ids!.every((id) => typeof id === 'string' && id !== '')) return false
  if (!cases!.every((count) => Number.isInteger(count) && count > 0)) return false
  let total = 0
  for (const length of lengths!) {
    if (!Number.isInteger(length) || length < 0) return false
    total += length
  }
  if (total !== termIds!.length) return false
  if (!termIds!.every((id) => Number.isInteger(id) && id >= 0 && id < terms!.length)) return false
  return weights!.every((weight) => typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)
}

/** Array-index keys (as a JavaScript object orders them: ascending numbers first), then the rest in order. */
function inObjectOrder(entries: Array<[string, number]>): Array<[string, number]> {
  const indexLike = entries.filter(([key]) => isArrayIndex(key))
  if (indexLike.length === 0) return entries
  indexLike.sort((a, b) => Number(a[0]) - Number(b[0]))
  return [...indexLike, ...entries.filter(([key]) => !isArrayIndex(key))]
}

function isArrayIndex(key: string): boolean {
  if (!/^(0|[1-9][0-9]*)$/.test(key)) return false
  return Number(key) < 4294967295
}
