/**
 * Why an entry is relevant, in words an analyst can judge: what of the conversation it matches (the error code,
 * the symptom's words) and what stands behind it (confirmed on 4 cases, one earlier case, written by the team).
 * Never a raw similarity: a figure like "27%" reads as a confidence it is not.
 */
import { observationsOf, type KnowledgeEntry } from '../../../shared/domain'
import { distill } from '../learning/distill'
import { subjectsOfEntry } from '../learning/subjects'
import type { RetrievedEntry } from '../retrieval/retriever'
import { stem, tokenize } from '../text/tokenize'
import { vendorsIn } from '../text/vendors'
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

/** The entry's card text, as the composer shows it (see cardText there, which imports this file). */
const cardTextOf = (entry: KnowledgeEntry): string => entry.summary ?? distill(entry.resolution)

/** Words that make a sentence state the error ("SAML response signature validation failed (SSO-403)"). */
const ERROR_WORDS =
  /\b(?:fail\w*|error|invalid|denied|reject\w*|incorrect|expired|time ?out|could not|cannot|unable|mismatch)\b|\b[A-Z]{2,}-\d{2,}\b|\b[45]\d\d\b/i

/** The sentences of a problem that state the error, the way the customer saw it. */
const errorSentences = (text: string): string[] =>
  text.split(/(?<=[.!?])\s+|\n+/).filter((sentence) => ERROR_WORDS.test(sentence))

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
  // An entry from one case has one customer's message as its problem, and its rarest words are that customer's
  // asides ("a few thousand of those", "not in junk either", "our Denver team", "our annual key rotation"), which the
  // earlier analyst may even have repeated. What ties a conversation to the problem is what the entry says the problem
  // and its fix are: its title and its card text (distilled and generalised when learned), and the times of day the
  // problem is about, the error as the customer saw it ("SAML response signature validation failed (SSO-403)") and the
  // products it names (Google Authenticator).
  const tied = asides
    ? null
    : new Set([
        ...tokenize(
          [
            entry.title,
            cardTextOf(entry),
            ...errorSentences(entry.problem),
            ...vendorsIn(entry.problem)
          ].join('\n')
        ),
        ...times
      ])
  const words = namedTerms(
    shared.filter(
      (term) => !everywhere.has(term) && !ruledOut.has(term) && (tied === null || tied.has(term))
    ),
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
