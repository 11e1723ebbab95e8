/**
 * A wordings file written under an older tokenizer, carried over to today's stems (see text/stemMigration.ts) when it
 * is read, so the customer wordings learned before an upgrade keep matching: "cases" was saved as "cas", and today's
 * conversations say "case". The file is written again under today's version afterwards.
 */
import { fromColumns } from '../retrieval/wordingColumns'
import type { EntryWordings } from '../retrieval/wordingModel'
import { migrateTerms } from '../text/stemMigration'
import { TOKENIZER_VERSION } from '../text/tokenize'
import type { WordingFileData } from './wordingFile'

/** `data` with its centroids (as format 1 entries) and its answer posterior's counts under today's stems. */
export function migratedWordings(data: WordingFileData, version: number): WordingFileData {
  const rows = data.columns
    ? [...fromColumns(data.columns)].map(
        (row) => [row.id, { cases: row.cases, terms: [...row.terms] }] as const
      )
    : Object.entries(data.entries ?? {}).map(
        ([id, entry]) => [id, { cases: entry.cases, terms: Object.entries(entry.terms) }] as const
      )
  const entries: Record<string, EntryWordings> = {}
  for (const [id, row] of rows) {
    entries[id] = { cases: row.cases, terms: Object.fromEntries(migrateTerms(row.terms, version)) }
  }
  const evidence = data.evidence && {
    newCases: data.evidence.newCases,
    entries: Object.fromEntries(
      Object.entries(data.evidence.entries).map(([id, entry]) => [
        id,
        { cases: entry.cases, terms: Object.fromEntries(migrateTerms(Object.entries(entry.terms), version)) }
      ])
    )
  }
  return { team: data.team, entries, ...(evidence ? { evidence } : {}), tokenizer: TOKENIZER_VERSION }
}
