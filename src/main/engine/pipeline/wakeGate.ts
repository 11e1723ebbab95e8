/**
 * The cheap first stage: is this message worth a look? Runs on every message, with no model and no search,
 * so most chatter never reaches retrieval. Only customer messages (or a stalled case) wake Vigil: it never talks
 * over an analyst who is answering.
 */
import type { Message } from '../../../shared/domain'
import { isStackTrace } from '../text/stackTrace'
import type { ConversationState } from '../watcher/conversationState'
import { confirmsFix, willReportBack } from '../watcher/wrapUp'

export type WakeDecision = { wake: true; reason: string } | { wake: false; reason: string }

/**
 * A sentence that asks without a question mark: "how/why/what ..." (not "What a relief"), "when/where/which" followed
 * by a verb ("when will it ..."), or an auxiliary followed by its subject ("can you ...", "is there ...", "does the
 * API ..."). "Will check back after lunch" and "Could be the firewall" say something; they ask nothing.
 */
const SUBJECT =
  'i|you|we|it|they|he|she|this|that|these|those|there|the|a|an|my|our|your|their|his|her|its|some|any|someone|anyone|anybody|somebody|everyone|u|ur|ya|nimbus'
const AUXILIARY = 'can|could|is|are|was|were|does|do|did|should|would|will|has|have|am'
const QUESTION_START = new RegExp(
  `^(?:(?:how|why|what|who)\\b(?!\\s+(?:a|an)\\b)|(?:when|where|which)\\s+(?:${AUXILIARY}|to)\\b|(?:${AUXILIARY})\\s+(?:${SUBJECT})\\b|any idea\\b)`,
  'i'
)
const ERROR_TEXT =
  /\b(?:error|exception|fail(?:s|ed|ing|ure)?|cannot|can['’]?t|unable|not working|doesn['’]?t work|broken|denied|invalid|expired|timed? ?out|timeout|refused|rejected|crash(?:es|ed|ing)?|stuck|missing|wrong|not (?:receiv|load|show|work|connect|sync)\w*|won['’]?t)\b|\b[45]\d\d\b/i
/** An exception's name on its own ("TypeError: ...", "NullPointerException"): an error report, not yet a trace. */
const EXCEPTION_NAME = /\w+(?:Error|Exception)\b/
const QUIET_AFTER_DISMISSALS = 2
const WRAPPING_UP = 'the customer says the problem is solved; the case is wrapping up'

function isQuestion(text: string): boolean {
  if (text.includes('?')) return true
  return text.split(/(?<=[.!\n])\s+/).some((sentence) => QUESTION_START.test(sentence.trim()))
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length

/** Decides whether `trigger` (or, when null, the passage of time) is worth running the pipeline for. */
export function wakeGate(state: ConversationState, trigger: Message | null, phase: string): WakeDecision {
  if (state.isResolved) return { wake: false, reason: 'the ticket is resolved' }
  if (state.dismissals() >= QUIET_AFTER_DISMISSALS) {
    return { wake: false, reason: 'the analyst dismissed suggestions on this ticket repeatedly' }
  }
  if (trigger === null) {
    if (phase !== 'stalled') return { wake: false, reason: 'nothing new' }
    // A customer who said it works, or who is off trying the steps ("Will check back after lunch"), is not
    // waiting on an answer.
    const waiting = state.lastMessage('customer')
    if (waiting && confirmsFix(waiting.text)) return { wake: false, reason: WRAPPING_UP }
    if (waiting && willReportBack(waiting.text))
      return { wake: false, reason: 'the customer is trying the steps and will report back' }
    return { wake: true, reason: 'the customer has been waiting without an answer' }
  }
  if (trigger.authorRole !== 'customer') {
    return {
      wake: false,
      reason: `a ${trigger.authorRole} message; the analyst is handling the conversation`
    }
  }
  return customerMessageWake(state, trigger)
}

/** Whether a customer's message asks, reports an error or describes the problem (see wakeGate). */
function customerMessageWake(state: ConversationState, trigger: Message): WakeDecision {
  const text = trigger.text
  // "Status flipped to Verified overnight. All good.": the case is wrapping up, whatever words the message shares
  // with a problem ("Fixing the job's error handling too").
  if (confirmsFix(text)) return { wake: false, reason: WRAPPING_UP }
  if (isStackTrace(text)) return { wake: true, reason: 'the customer pasted a stack trace' }
  if (ERROR_TEXT.test(text) || EXCEPTION_NAME.test(text))
    return { wake: true, reason: 'the customer reported an error or failure' }
  if (isQuestion(text) && wordCount(text) >= 3) return { wake: true, reason: 'the customer asked a question' }
  const firstFromCustomer = state.customerMessages()[0]?.id === trigger.id
  if (firstFromCustomer && wordCount(text) >= 6) {
    return { wake: true, reason: 'the customer described a new problem' }
  }
  return { wake: false, reason: 'no question, error or problem description in the message' }
}
