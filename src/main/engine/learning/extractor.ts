/**
 * Turns a resolved case into a draft knowledge entry without a model: the problem from the customer's side,
 * the resolution from what the analysts said, identifiers and names scrubbed. Diagnostic questions and
 * pleasantries are left out of the resolution.
 */
import type { Message } from '../../../shared/domain'
import { scrubNames, scrubText } from '../text/scrub'
import type { ConversationState } from '../watcher/conversationState'

export interface ExtractedCase {
  ticketId: string
  team: string
  title: string
  problem: string
  symptom: string
  resolution: string[]
  /** The analyst messages the resolution was taken from. */
  messageIds: string[]
}

const MAX_PROBLEM = 1_500
const MAX_STEPS = 8
const MIN_FOLLOW_UP_STEPS = 3
const PLEASANTRY =
  /^(?:hi|hello|hey|thanks|thank you|you're welcome|happy to help|glad|great|no problem|sorry|let me know|have a (?:good|great|nice)|cheers|i'll|i will|one moment|give me a (?:moment|minute|sec)|bear with me|i'm (?:looking|checking|escalating)|let me (?:check|look|take a look))\b/i

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .map((sentence) => sentence.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '').trim())
    .filter((sentence) => sentence.length > 0)
}

/** Conversational openers ("That's very likely it.", "Yes, exactly.") that carry no instruction. */
const ACKNOWLEDGEMENT =
  /^(?:that(?:'s|’s| is| explains| was)|this (?:is|explains)|yes|yep|yeah|no|ok|okay|right|perfect|great|excellent|awesome|good|got it|i see|understood|makes sense|exactly|correct|indeed)\b/i

/** A step tells someone what to do or what the cause was, rather than asking or chatting. */
export function isResolutionStep(sentence: string): boolean {
  if (sentence.endsWith('?')) return false
  if (PLEASANTRY.test(sentence)) return false
  const words = sentence.split(/\s+/).length
  if (ACKNOWLEDGEMENT.test(sentence) && words < 8) return false
  return words >= 4
}

function resolutionSteps(
  messages: Message[],
  scrub: (text: string) => string
): { steps: string[]; messageIds: string[] } {
  // The fix is the analysts' most instructive message (most steps; the later one on a tie), plus any later
  // message that adds several steps of its own. Earlier messages are mostly diagnosis.
  const scored = messages.map((message, index) => ({
    index,
    id: message.id,
    steps: sentences(scrub(message.text)).filter(isResolutionStep)
  }))
  const best = scored.reduce((top, item) => (item.steps.length >= top.steps.length ? item : top), scored[0]!)
  const chosen = scored.filter(
    (item) => item === best || (item.index > best.index && item.steps.length >= MIN_FOLLOW_UP_STEPS)
  )
  return {
    steps: [...new Set(chosen.flatMap((item) => item.steps))].slice(0, MAX_STEPS),
    messageIds: chosen.filter((item) => item.steps.length > 0).map((item) => item.id)
  }
}

function problemText(messages: Message[], scrub: (text: string) => string): string {
  const parts: string[] = []
  let words = 0
  for (const message of messages) {
    parts.push(scrub(message.text))
    words += message.text.split(/\s+/).length
    if (words >= 40 || parts.length >= 3) break
  }
  return parts.join('\n').slice(0, MAX_PROBLEM)
}

/** Returns null when the case teaches nothing (no customer problem, or no analyst resolution). */
export function extractCase(state: ConversationState): ExtractedCase | null {
  // People's names are personal data; bots and system accounts are named after the product, which is not.
  const people = state.messages.filter((m) => m.authorRole === 'customer' || m.authorRole === 'analyst')
  const names = [...new Set(people.map((message) => message.authorName))]
  if (state.ticket.assignee) names.push(state.ticket.assignee)
  const scrub = (text: string): string => scrubNames(scrubText(text), names)
  const customer = state.customerMessages()
  const analyst = state.analystMessages()
  if (customer.length === 0 || analyst.length === 0) return null
  const { steps: resolution, messageIds } = resolutionSteps(analyst, scrub)
  const problem = problemText(customer, scrub)
  if (resolution.length === 0 || problem.trim().length === 0) return null
  return {
    ticketId: state.ticket.id,
    team: state.ticket.team,
    title: scrub(state.ticket.subject).slice(0, 300) || problem.slice(0, 80),
    problem,
    symptom: problem.slice(0, 300),
    resolution,
    messageIds
  }
}
