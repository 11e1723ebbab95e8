/**
 * A further card on a ticket that already had one. The whole conversation keeps matching many entries a little (a
 * custom-domain case says "record", a webhook case "job", "requests" and "POST", all words of the rate-limit entry),
 * so a second card is worth the analyst's attention only when the message that woke Vigil raises that entry's
 * problem: several telling words of its problem side, or an error code it is about that names one failure. A few
 * generic words spread over the conversation are not a new problem. Nor is a loose match beside an entry shown already
 * that the conversation matches more closely (looserThanShown).
 */
import { isKnowledgeCard, type Message } from '../../../shared/domain'
import { errorCodesIn, subjectsOfEntry } from '../learning/subjects'
import type { RetrievedEntry } from '../retrieval/retriever'
import { scrubText } from '../text/scrub'
import { tokenize } from '../text/tokenize'
import type { ConversationState } from '../watcher/conversationState'
import { distinctiveTerms } from './distinctiveWords'
import { VAGUE_CODES } from './errorNames'

/**
 * Telling words of the entry's problem side the waking message must use. One is not enough: "records" in "the DNS
 * record" or "job" in "Fixing the job's error handling too" would carry the rate-limit entry.
 */
const MIN_RAISED = 2

/**
 * Why a card citing `chosen` after a knowledge card on this ticket stays silent (the message that woke Vigil,
 * `trigger`, does not raise its problem), or null when it may be shown. A stalled case has no waking message: a card
 * for a customer left waiting is another answer to the problem already raised, judged by the rules before this one
 * (on CDP dev, 2 of 14 such cards were the right answer where the first card was not).
 */
export function notRaisedBy(
  state: ConversationState,
  trigger: Message | null,
  chosen: RetrievedEntry
): string | null {
  if (!trigger || !state.lastSuggestion(isKnowledgeCard)) return null
  const said = scrubText(trigger.text)
  const words = new Set(tokenize(said))
  const everywhere = new Set(chosen.everywhereTerms ?? [])
  const raised = distinctiveTerms(chosen.problemTerms).filter(
    (term) => words.has(term) && !everywhere.has(term)
  )
  const quoted = errorCodesIn(said)
  // A code that names a particular failure (HTTP 429, SSO-403); "400" alone is said of many.
  const itsCode = subjectsOfEntry(chosen.entry).some(
    (subject) => quoted.includes(subject) && !VAGUE_CODES.has(subject)
  )
  if (raised.length >= MIN_RAISED || itsCode) return null
  const named = raised.length ? `only ${raised.map((term) => `"${term}"`).join(', ')}` : 'none of its words'
  return `the customer's latest message does not raise "${chosen.entry.title}" (${named}); a card was shown already`
}

/**
 * Answerability rules that show a first card on a ticket, but no further one while an entry already shown there
 * matches the conversation more closely (see answerability).
 */
const LOOSE_RULES = new Set(['confirmed match'])

/**
 * Why a further card citing `chosen`, shown only by a loose rule (`rule`), stays silent beside an entry already shown
 * on this ticket that the conversation still matches more closely; null when it may be shown. The confirmed-match
 * rule is met by chance in a long conversation: the 429 entry, confirmed on 4 cases, at a similarity of 0.12 on
 * "record" and "back", on a custom-domain ticket whose own card was shown. (CDP dev: 8 such later cards, all wrong;
 * the 3 right later cards on that rule were closer matches than the card before them.)
 */
export function looserThanShown(
  retrieved: readonly RetrievedEntry[],
  shown: ReadonlySet<string>,
  chosen: RetrievedEntry,
  rule: string | null
): string | null {
  if (!LOOSE_RULES.has(rule ?? '')) return null
  const betterShown = retrieved.find(
    (result) => shown.has(result.entry.id) && result.similarity > chosen.similarity
  )
  return betterShown
    ? `"${chosen.entry.title}" is a loose match; "${betterShown.entry.title}", shown already, matches better`
    : null
}
