/**
 * A further card on a ticket that already had one. The whole conversation keeps matching many entries a little (a
 * custom-domain case says "record", a webhook case "job", "requests" and "POST", all words of the rate-limit entry),
 * so a second card is worth the analyst's attention only when the message that woke Vigil raises that entry's
 * problem: several telling words of its problem side, or an error code it is about that names one failure. A few
 * generic words spread over the conversation are not a new problem.
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
