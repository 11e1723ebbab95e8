/**
 * Why an entry is relevant, in words an analyst can judge: what of the conversation it matches (the error code,
 * the symptom's words) and what stands behind it (confirmed on 4 cases, one earlier case, written by the team).
 * Never a raw similarity: a figure like "27%" reads as a confidence it is not.
 */
import { observationsOf, type KnowledgeEntry } from '../../../shared/domain'
import { subjectsOfEntry } from '../learning/subjects'
import type { RetrievedEntry } from '../retrieval/retriever'
import { stem, tokenize } from '../text/tokenize'
import { namedTerms, timeOfDaySymptoms } from './distinctiveWords'

/** The entry's own spelling of a stemmed term ("signatur" -> "signature"), for showing it. */
function spelled(term: string, entry: KnowledgeEntry): string {
  const words = `${entry.title} ${entry.problem} ${entry.symptoms.join(' ')}`.match(/[\p{L}\p{N}_-]+/gu) ?? []
  const spelling =
    words.find((word) => stem(word.toLowerCase()) === term) ??
    // "codes" stems to "cod" while "code" stays "code": a word the stem begins is its spelling too.
    words.find((word) => word.toLowerCase().startsWith(term))
  return spelling?.toLowerCase() ?? term
}

function evidence(entry: KnowledgeEntry): string {
  if (entry.author === 'human') return 'written by your team'
  const cases = observationsOf(entry)
  if (cases >= 2) return `confirmed on ${cases} cases`
  return `from one earlier case (${entry.sourceTicketIds.at(-1) ?? 'unknown'})`
}

export function relevanceOf(
  result: RetrievedEntry,
  matchReason: string | null,
  conversationCodes: readonly string[]
): string {
  const { entry } = result
  const codes = subjectsOfEntry(entry).filter((subject) => conversationCodes.includes(subject))
  const everywhere = new Set(result.everywhereTerms ?? [])
  const times = timeOfDaySymptoms([entry.title, entry.problem, ...entry.symptoms].join('\n'))
  const words = namedTerms(
    result.problemTerms.filter((term) => !everywhere.has(term)),
    times
  )
    .filter((term) => !codes.some((code) => code.toLowerCase().includes(term)))
    // An id, amount or version ("5f0c3a9d1e", "188_00", "5_12_0") is one customer's, never the problem's word.
    .filter((term) => !/\d/.test(term))
  // The words of the entry's distilled problem (its title and symptoms) first: the rarest shared words of a long
  // recorded problem are often one customer's asides ("excerpt", "side"), not what the problem is.
  const distilled = new Set(tokenize([entry.title, ...entry.symptoms].join('\n')))
  const named = [
    ...words.filter((term) => distilled.has(term)),
    ...words.filter((term) => !distilled.has(term))
  ]
    .slice(0, 3)
    .map((term) => `"${spelled(term, entry)}"`)
  const parts: string[] = []
  if (codes.length > 0) parts.push(`the error code ${codes.join(', ')}`)
  if (named.length > 0) parts.push(`the symptom (${named.join(', ')})`)
  const matches = parts.length > 0 ? `matches ${parts.join(' and ')}` : 'matches the wording of the case'
  const common =
    matchReason === 'common answer'
      ? `; the team's most common fix (${observationsOf(entry)} of ${result.teamCases} cases)`
      : matchReason === 'likely answer'
        ? `; the likeliest fix for cases worded like this (${observationsOf(entry)} of ${result.teamCases} cases)`
        : ''
  return `${matches}${common}; ${evidence(entry)}`
}
