/**
 * What customers said when they had each entry's problem, learned from resolved cases: per team, one centroid per
 * entry of the customer-side wordings of the cases that entry resolved (each case a unit term vector, so a long
 * case weighs no more than a short one). A new conversation is scored against each centroid by TF-IDF cosine,
 * with document frequencies counted over the team's centroids, so words every problem shares weigh little and the
 * words customers use for one problem weigh much — including words the entry's own text never uses.
 */
import { normalize, type SparseVector } from '../text/similarity'
import { termFrequencies } from '../text/tokenize'
import { CaseEvidence } from './caseEvidence'
import { TeamWordings } from './teamWordings'
import { fromColumns, toColumns, type WordingColumns } from './wordingColumns'

/** One entry's learned wordings: how many cases, and the sum of their unit term vectors. */
export interface EntryWordings {
  cases: number
  terms: Record<string, number>
}

/** Terms kept per entry (the heaviest): bounds memory and file size for entries confirmed on many cases. */
const MAX_TERMS = 300

export interface WordingScore {
  entryId: string
  /** TF-IDF cosine of the conversation and the entry's wording centroid, 0..1. */
  score: number
  /** Resolved cases the centroid was learned from. */
  cases: number
}

export class WordingModel {
  private readonly teams = new Map<string, TeamWordings>()
  /** Every resolved case's wording under the entry it went to, new entries included: the answer posterior. */
  readonly evidence = new CaseEvidence()

  /** Learns that a resolved case, worded as `tokens` by its customer, belonged to `entryId`. */
  observe(team: string, entryId: string, tokens: readonly string[]): void {
    if (tokens.length === 0) return
    const words = this.team(team)
    const terms = new Map(words.termsOf(entryId) ?? [])
    for (const [term, value] of unitTerms(tokens)) terms.set(term, (terms.get(term) ?? 0) + value)
    words.set(entryId, words.cases(entryId) + 1, strongest(terms))
  }

  /**
   * Entries whose learned wordings share terms with the conversation, best first, at most `limit`. `accept`
   * filters entry ids before ranking (e.g. only active entries).
   */
  scores(
    team: string,
    tokens: readonly string[],
    limit: number,
    accept: (entryId: string) => boolean = () => true
  ): WordingScore[] {
    const words = this.teams.get(team)
    if (!words || tokens.length === 0) return []
    const query: SparseVector = new Map()
    for (const [term, count] of termFrequencies(tokens)) {
      if (words.knows(term)) query.set(term, (1 + Math.log(count)) * words.idf(term))
    }
    // Terms the model never saw still count in the query's length: an unknown wording is a weaker match.
    let unseen = 0
    for (const [term, count] of termFrequencies(tokens)) {
      if (!words.knows(term)) unseen += ((1 + Math.log(count)) * words.idf(term)) ** 2
    }
    let queryNorm = 0
    for (const value of query.values()) queryNorm += value * value
    queryNorm = Math.sqrt(queryNorm + unseen)
    if (query.size === 0 || queryNorm === 0) return []
    const results: WordingScore[] = []
    words.dots(query, (entryId, dot, cases, norm) => {
      if (!accept(entryId)) return
      const length = norm()
      if (length === 0) return
      results.push({ entryId, score: Math.min(1, dot / (queryNorm * length)), cases })
    })
    return results.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId)).slice(0, limit)
  }

  /** Learned cases behind an entry's wordings (0 when none). */
  casesOf(team: string, entryId: string): number {
    return this.teams.get(team)?.cases(entryId) ?? 0
  }

  /** A team's wordings as plain data, for its file. */
  export(team: string): Record<string, EntryWordings> {
    const result: Record<string, EntryWordings> = {}
    const words = this.teams.get(team)
    for (const entryId of words?.entryIds() ?? []) {
      result[entryId] = { cases: words!.cases(entryId), terms: Object.fromEntries(words!.termsOf(entryId)!) }
    }
    return result
  }

  /** Replaces a team's wordings with ones read back from its file. */
  load(team: string, entries: Record<string, EntryWordings>): void {
    const words = new TeamWordings()
    for (const [entryId, { cases, terms }] of Object.entries(entries)) {
      words.set(entryId, cases, strongest(new Map(Object.entries(terms))))
    }
    this.teams.set(team, words)
  }

  /** A team's wordings as columns, for its file (format 2; see wordingColumns.ts). */
  exportColumns(team: string): WordingColumns {
    const words = this.teams.get(team)
    return toColumns(
      (words?.entryIds() ?? []).map((id) => ({ id, cases: words!.cases(id), terms: words!.termsOf(id)! }))
    )
  }

  /** Replaces a team's wordings with columns read back from its file. */
  loadColumns(team: string, columns: WordingColumns): void {
    let words = TeamWordings.fromColumns(columns, MAX_TERMS)
    if (!words) {
      words = new TeamWordings()
      for (const row of fromColumns(columns)) words.set(row.id, row.cases, strongest(new Map(row.terms)))
    }
    this.teams.set(team, words)
  }

  teamNames(): string[] {
    return [...this.teams.keys()]
  }

  private team(team: string): TeamWordings {
    let words = this.teams.get(team)
    if (!words) {
      words = new TeamWordings()
      this.teams.set(team, words)
    }
    return words
  }
}

/** Sub-linear term frequencies scaled to unit length: one case, one vote. */
function unitTerms(tokens: readonly string[]): SparseVector {
  const vector: SparseVector = new Map()
  for (const [term, count] of termFrequencies(tokens)) vector.set(term, 1 + Math.log(count))
  return normalize(vector)
}

function strongest(terms: Map<string, number>): Map<string, number> {
  if (terms.size <= MAX_TERMS) return terms
  return new Map([...terms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_TERMS))
}
