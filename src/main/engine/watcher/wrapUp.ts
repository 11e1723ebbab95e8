/**
 * The customer saying the problem is solved ("Vault updated, consumer reloaded, replay done. All green.", "done, all
 * 25,112 contacts imported ... no 429 at all. thanks!"): the case is wrapping up. Then no new card is worth the
 * analyst's attention, nothing is pending but closing the ticket, and a card shown at that moment says nothing about
 * the entry it cites. Read without a model, sentence by sentence; a message that also raises a problem ("That worked,
 * but now the export fails") or asks something does not wrap the case up.
 */
import type { Message } from '../../../shared/domain'
import type { ConversationState } from './conversationState'

/** A sentence that says the fix worked, or that what failed now succeeds. */
const WORKED = new RegExp(
  [
    // "All good", "All green", "all set", "all sorted".
    String.raw`\ball (?:good|green|set|sorted|fixed|working|fine|clear|done)\b`,
    // "works now", "working again", "worked perfectly".
    String.raw`\b(?:works?|worked|working) (?:now|again|fine|perfectly|great|well|like a charm|as expected)\b`,
    // "that worked", "it works", "everything is working", "it's fixed", "that did it".
    String.raw`\b(?:it|that|this|everything|all|which|they|those)(?:['’]s|['’]re| is| are| has| have)? (?:now |all |finally )?(?:works?|worked|working|fixed|solved|resolved|sorted|did it|did the trick)\b`,
    String.raw`\b(?:did the trick|problem solved|issue (?:is )?(?:resolved|solved|fixed|gone)|back to normal|up and running)\b`,
    // "no 429 at all", "no more errors", "no errors since".
    String.raw`\bno (?:more )?(?:errors?|issues?|problems?|failures?|warnings?|[45]\d\ds?)\b`,
    // "Test connection passed", "Code accepted on the first try", "Status flipped to Verified", "they arrived".
    String.raw`\b(?:passed|succeeded|went through|came through|arrived|(?:was |were |got |now |code )accepted|(?:flipped|changed|switched) to (?:verified|active|connected|green))\b`,
    String.raw`\bwithout (?:any )?(?:issues?|problems?|errors?|trouble)\b`,
    // "all 25,112 contacts imported", "every invoice synced".
    String.raw`\b(?:all|every)\b[^.!?]{0,30}\b(?:imported|synced|delivered|restored|processed|uploaded|migrated|received|verified)\b`
  ].join('|'),
  'i'
)

/** Words that keep a sentence from confirming anything: "not working", "still fails", "worked until Monday". */
const DOUBT =
  /\b(?:not|never|no longer|still|until|till|used to|unless|if|whether|but|however|except|yet|only|partly|partially|sometimes|intermittent\w*)\b|n['’]t\b|\?/i

/** What says something failed. */
const FAILURE =
  /\b(?:error|errors|fail\w*|broken|denied|invalid|rejected|refused|stuck|missing|wrong|timed? ?out|timeout|crash\w*|can['’]?t|cannot|unable|won['’]?t|doesn['’]?t|isn['’]?t|didn['’]?t)\b|\b[45]\d\d\b/i
/** What says a failure is still there, back, or another one: "now the export fails", "still 429", "another error". */
const OPEN =
  /\b(?:still|again|another|new|different|now|but|however|also|except|same|keeps?|anymore|no longer)\b/i

/** The sentences of a message, roughly: enough to read each claim on its own. */
const sentences = (text: string): string[] =>
  text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence))

/** A sentence that raises a problem or asks something: a question, or a failure said to be still there or new. */
const raisesSomething = (sentence: string): boolean =>
  sentence.endsWith('?') || (FAILURE.test(sentence) && OPEN.test(sentence) && !WORKED.test(sentence))

/** The sentence in which the message says the problem is solved, when it raises nothing else; null otherwise. */
export function confirmationIn(text: string): string | null {
  const said = sentences(text)
  if (said.some(raisesSomething)) return null
  return said.find((sentence) => WORKED.test(sentence) && !DOUBT.test(sentence)) ?? null
}

/** The message says the problem is solved and raises nothing else. */
export const confirmsFix = (text: string): boolean => confirmationIn(text) !== null

/**
 * Whether the case is wrapping up at `upTo` (default: now): the customer's latest message by then confirms the fix.
 * An earlier confirmation followed by a new customer message is judged by that newer message.
 */
export function isWrappingUp(state: ConversationState, upTo?: Message | null): boolean {
  const end = upTo ? state.messages.indexOf(upTo) : state.messages.length - 1
  const latest = state.messages.slice(0, end + 1).findLast((message) => message.authorRole === 'customer')
  return latest !== undefined && confirmsFix(latest.text)
}

/**
 * The customer is off trying what they were told and will say how it went: "Changed it. dig now returns the new
 * target. Will check back after lunch.", "ok trying that", "I'll let you know". They wait for nothing meanwhile.
 */
const TRYING =
  /\b(?:(?:i|we)['’]ll|(?:i|we) will|will)\s+(?:check back|check again later|get back to you|report back|let you know|come back|keep you posted|update you|circle back|try (?:it|that|this) (?:now|later|tomorrow|tonight))\b|^(?:ok(?:ay)?,?\s+)?(?:trying|testing) (?:it|that|this|now)\b/im

export const willReportBack = (text: string): boolean => !text.includes('?') && TRYING.test(text)
