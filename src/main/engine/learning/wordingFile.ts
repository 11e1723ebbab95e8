/**
 * The shape of `wordings/<team>.json` (format 1: an object per entry; format 2: columns, see wordingColumns.ts),
 * checked by hand rather than with a zod schema: a team of 100k entries has a
 * file of tens of megabytes, and a schema walk over it took seconds of every start. The rules are the same: format
 * 1, a team name, and per entry (a non-empty id) a positive whole number of cases and non-negative term weights;
 * the answer posterior's counts alike, with a non-negative whole number of new cases. Anything else is not a file
 * the memory can use (it is moved aside and the team rebuilt).
 */
import type { TeamEvidenceData } from '../retrieval/caseEvidence'
import { areColumns, type WordingColumns } from '../retrieval/wordingColumns'
import type { EntryWordings } from '../retrieval/wordingModel'

export interface WordingFileData {
  team: string
  /** Format 1: an object per entry. */
  entries?: Record<string, EntryWordings>
  /** Format 2 (written since): columns. */
  columns?: WordingColumns
  /** The answer posterior's counts (see CaseEvidence); absent in files written before it existed. */
  evidence?: TeamEvidenceData
  /** The TOKENIZER_VERSION its terms were stemmed with: 2 in files written before it was recorded. */
  tokenizer: number
  /** The last resolutions learned (their event ids): learning redone after a kill counts each once. */
  applied?: string[]
}

/** The file's data when it has the expected shape, else null. */
export function wordingFileData(data: unknown): WordingFileData | null {
  if (!isObject(data) || (data['format'] !== 1 && data['format'] !== 2)) return null
  const { team, entries, evidence } = data
  if (typeof team !== 'string' || team === '') return null
  const centroids =
    data['format'] === 1 ? entriesValid(entries) && { entries } : areColumns(entries) && { columns: entries }
  if (!centroids) return null
  const tokenizer = data['tokenizer'] ?? 2
  if (!isCount(tokenizer) || tokenizer === 0) return null
  const applied = data['applied']
  if (applied !== undefined && !(Array.isArray(applied) && applied.every((key) => typeof key === 'string')))
    return null
  const keys = applied ? { applied: applied as string[] } : {}
  if (evidence === undefined) return { team, ...centroids, tokenizer, ...keys }
  if (!isObject(evidence) || !isCount(evidence['newCases']) || !entriesValid(evidence['entries'])) return null
  return {
    team,
    ...centroids,
    evidence: { newCases: evidence['newCases'], entries: evidence['entries'] },
    tokenizer,
    ...keys
  }
}

function entriesValid(entries: unknown): entries is Record<string, EntryWordings> {
  if (!isObject(entries)) return false
  for (const id in entries) {
    const entry = entries[id]
    if (id === '' || !isObject(entry) || !isCount(entry['cases']) || entry['cases'] === 0) return false
    const terms = entry['terms']
    if (!isObject(terms)) return false
    for (const term in terms) {
      const weight = terms[term]
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) return false
    }
  }
  return true
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
