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

/** "code" and "codes" (two stems, one word to a reader) are named once, as the first of them. */
function withoutRepeats(words: readonly string[]): string[] {
  const kept: string[] = []
  for (const word of words) {
    if (!kept.some((named) => word.startsWith(named) || named.startsWith(word))) kept.push(word)
  }
  return kept
}

/**
 * What stands behind the entry, never naming the ticket on screen as an earlier case: an entry this very ticket
 * taught before (resolved earlier, here or on a teammate's desktop that synced it) says so, and its other cases are
 * counted apart from it.
 */
function evidence(entry: KnowledgeEntry, ticketId?: string): string {
  if (entry.author === 'human') return 'written by your team'
  const own = ticketId !== undefined && entry.sourceTicketIds.includes(ticketId)
  const cases = observationsOf(entry) - (own ? 1 : 0)
  const ownPart = "this ticket's own earlier resolution"
  if (cases >= 2)
    return own ? `confirmed on ${cases} other cases and ${ownPart}` : `confirmed on ${cases} cases`
  const earlier = earlierCaseOf(entry, ticketId)
  if (!own) return `from one earlier case (${earlier ?? 'unknown'})`
  return earlier && cases >= 1 ? `from one earlier case (${earlier}) and ${ownPart}` : `from ${ownPart}`
}

/** The latest source ticket that is not `ticketId` (the ticket on screen is never its own precedent). */
export function earlierCaseOf(entry: KnowledgeEntry, ticketId?: string): string | undefined {
  return entry.sourceTicketIds.findLast((source) => source !== ticketId)
}

export function relevanceOf(
  result: RetrievedEntry,
  matchReason: string | null,
  conversationCodes: readonly string[],
  /** Words the conversation says are not the problem ("NTP is fine"): never named. Default: none. */
  ruledOut: ReadonlySet<string> = new Set(),
  /** The ticket on screen: never presented as an earlier case of its own. */
  ticketId?: string
): string {
  const { entry } = result
  const codes = subjectsOfEntry(entry).filter((subject) => conversationCodes.includes(subject))
  const everywhere = new Set(result.everywhereTerms ?? [])
  const times = timeOfDaySymptoms([entry.title, entry.problem, ...entry.symptoms].join('\n'))
  // The words of the entry's distilled problem first: the rarest shared words of a long recorded problem are often
  // one customer's asides ("excerpt", "lunchtime"), not what the problem is. The pipeline gives them from the whole
  // conversation (distilledTerms); without them, the shared words its title and symptoms use lead.
  const distilled =
    result.distilledTerms ??
    result.problemTerms.filter((term) =>
      new Set(tokenize([entry.title, ...entry.symptoms].join('\n'))).has(term)
    )
  // An entry learned from several cases says what its customers had in common: a word only one of them used is that
  // customer's aside ("excerpt", "lunchtime"), even when this conversation repeats it (the same case again).
  const asides = result.distilledTerms !== undefined && new Set(entry.symptoms).size >= 2
  const shared = asides ? distilled : [...new Set([...distilled, ...result.problemTerms])]
  const words = namedTerms(
    shared.filter((term) => !everywhere.has(term) && !ruledOut.has(term)),
    times
  )
    .filter((term) => !codes.some((code) => code.toLowerCase().includes(term)))
    // An id, amount or version ("5f0c3a9d1e", "188_00", "5_12_0") is one customer's, never the problem's word.
    .filter((term) => !/\d/.test(term))
  const named = withoutRepeats(words.map((term) => spelled(term, entry)))
    .slice(0, 3)
    .map((word) => `"${word}"`)
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
  return `${matches}${common}; ${evidence(entry, ticketId)}`
}
