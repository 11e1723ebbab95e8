/**
 * The cheap first stage: is this message worth a look? Runs on every message, with no model and no search,
 * so most chatter never reaches retrieval. Only customer messages (or a stalled case) wake Vigil: it never talks
 * over an analyst who is answering.
 */
import type { Message } from '../../../shared/domain'
import { isStackTrace } from '../text/stackTrace'
import type { ConversationState } from '../watcher/conversationState'

export type WakeDecision = { wake: true; reason: string } | { wake: false; reason: string }

const QUESTION_START =
  /^(?:how|why|what|when|where|which|who|can|could|is|are|does|do|did|should|would|will|any idea|is there)\b/i
const ERROR_TEXT =
  /\b(?:error|exception|fail(?:s|ed|ing|ure)?|cannot|can['’]?t|unable|not working|doesn['’]?t work|broken|denied|invalid|expired|timed? ?out|timeout|refused|rejected|crash(?:es|ed|ing)?|stuck|missing|wrong|not (?:receiv|load|show|work|connect|sync)\w*|won['’]?t)\b|\b[45]\d\d\b/i
/** An exception's name on its own ("TypeError: ...", "NullPointerException"): an error report, not yet a trace. */
const EXCEPTION_NAME = /\w+(?:Error|Exception)\b/
const QUIET_AFTER_DISMISSALS = 2

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
    return phase === 'stalled'
      ? { wake: true, reason: 'the customer has been waiting without an answer' }
      : { wake: false, reason: 'nothing new' }
  }
  if (trigger.authorRole !== 'customer') {
    return {
      wake: false,
      reason: `a ${trigger.authorRole} message; the analyst is handling the conversation`
    }
  }
  const text = trigger.text
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
