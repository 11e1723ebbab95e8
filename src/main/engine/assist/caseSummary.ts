/**
 * Summarize without a model: an extractive case summary in four parts (the problem, what was tried, what is
 * pending, what the customer is waiting for). The customer's words appear only as marked quotes; text in them that
 * addresses an assistant is left out and counted, never repeated as a fact or a step.
 */
import type { Message } from '../../../shared/domain'
import { isReplyToCustomer, type ConversationState } from '../watcher/conversationState'
import { isWrappingUp } from '../watcher/wrapUp'
import { addressesAnAssistant, clip, isChitChat, listItemsOf, quote, sentencesOf } from './sentences'
import { isTriedAction, withoutLeadIn } from './triedActions'

/** Words and marks that say something is wrong: the sentences that state a customer's problem. */
const PROBLEM_SIGNAL =
  /\b(?:error|errors|fail\w*|can't|cannot|couldn't|unable|not|never|no longer|stopp\w*|stuck|reject\w*|denied|invalid|wrong|missing|time[sd]? out|timeout|broken|doesn't|don't|won't|isn't|aren't|twice|expired?|down|bounc\w*|lost|locked)\b|"|\b[45]\d\d\b/gi
/** Sentences in which the customer asks for something. */
const REQUEST =
  /\?$|^(?:can|could|would|will|when|how|is there|are there|please)\b|\b(?:i|we) (?:need|want|would like|expect)\b/i
const MAX_QUOTE = 200
const MAX_STEP = 160
const MAX_TRIED = 4
/** Steps of one analyst message named in the summary. */
const MAX_LISTED = 3

interface CustomerSentence {
  text: string
  message: Message
}

export function extractiveSummary(state: ConversationState): string {
  const leftOut = new Set<string>()
  const customerSays = (messages: Message[]): CustomerSentence[] =>
    messages.flatMap((message) =>
      sentencesOf(message.text).flatMap((text) => {
        if (isChitChat(text)) return []
        if (addressesAnAssistant(text)) {
          leftOut.add(`${message.id}\u0000${text}`)
          return []
        }
        return [{ text, message }]
      })
    )
  const customer = state.customerMessages()
  // Internal notes were never sent: what the customer was told and asked is in the replies alone.
  const replies = state.messages.filter(isReplyToCustomer)
  const firstAnalyst = replies[0] ? state.messages.indexOf(replies[0]) : -1
  const opening = customer.filter((m) => firstAnalyst < 0 || state.messages.indexOf(m) < firstAnalyst)
  const later = customer.filter((m) => !opening.includes(m))

  const lines = [problemLine(state, customerSays(opening.length ? opening : customer.slice(0, 1)))]
  const tried = triedItems(replies)
  lines.push(tried.length ? `Tried:\n${tried.map((item) => `- ${item}`).join('\n')}` : 'Tried: nothing yet.')
  const reported = customerSays(later).slice(-2)
  if (reported.length)
    lines.push(`The customer reported: ${reported.map((s) => quote(clip(s.text, MAX_QUOTE))).join(' ')}`)
  lines.push(...pendingLines(state, customerSays(customer.slice(-1))))
  if (leftOut.size > 0) {
    lines.push(
      `Left out: ${leftOut.size} sentence${leftOut.size === 1 ? '' : 's'} of customer text addressed to an ` +
        'assistant (instructions, not facts about the case).'
    )
  }
  return lines.join('\n')
}

function problemLine(state: ConversationState, said: CustomerSentence[]): string {
  const subject = clip(state.ticket.subject, 120)
  const chosen = problemSentences(said)
  const words = chosen.length
    ? ` The customer wrote: ${quote(clip(chosen.map((s) => s.text).join(' '), 2 * MAX_QUOTE))}`
    : ''
  return `Problem: ${subject ? `${subject.replace(/[.!?]$/, '')} (ticket subject).` : 'not stated yet.'}${words}`
}

/** The (at most two) sentences that state the problem best, in the order they were written. */
export function problemSentences<T extends { text: string }>(said: T[]): T[] {
  const signal = (text: string): number => text.match(PROBLEM_SIGNAL)?.length ?? 0
  return said
    .map((sentence, index) => ({ sentence, index, signal: signal(sentence.text) }))
    .sort((a, b) => b.signal - a.signal || a.index - b.index)
    .slice(0, 2)
    .sort((a, b) => a.index - b.index)
    .map(({ sentence }) => sentence)
}

/**
 * An analyst's aside, not something tried: what they are about to do ("I'll check what our mail system says", "Let me
 * pull up the delivery log", "I'm looking at our mail log now"), small talk ("Sounds good, Tom.", "Nice work getting
 * that through") and sign-off offers ("Let me know if ..."). What they did, found or answered is kept.
 */
const ASIDE =
  /^(?:(?:ok(?:ay)?|so|sure|great|right|alright|and|now|first),?\s+)?(?:i'll|i will|we'll|we will|i'm going to|we're going to|i am going to|let me|let's|i'm (?:looking|checking|having a look)|i am (?:looking|checking)|give me|one moment|bear with me)\b|^(?:sounds good|nice work|great work|well done|good catch|not silly|no worries|no problem|glad|happy to help|good to hear)\b|\blet (?:me|us) know\b/i

export const isAside = (sentence: string): boolean => ASIDE.test(sentence)

/** What the analysts did: their actions, questions and steps, newest last; explanations, chit-chat and asides left out. */
export function triedItems(analyst: Message[]): string[] {
  const items = analyst.flatMap((message) => {
    const listed = listItemsOf(message.text)
    if (listed.length >= 2) {
      // Joined by "; ", so a step's own closing full stop would read ".;".
      const shown = listed.slice(0, MAX_LISTED).map((step) => clip(step.replace(/[.;:,\s]+$/, ''), 70))
      const more = listed.length > MAX_LISTED ? ` (+${listed.length - MAX_LISTED} more)` : ''
      return [`gave steps: ${shown.join('; ')}${more}`]
    }
    // Lead-ins ("Then Nimbus just needs the new certificate:") introduce; the sentences around them say.
    const content = sentencesOf(message.text).filter((s) => !isChitChat(s) && !s.endsWith(':'))
    // What they did or asked the customer to do; an explanation ("The API is healthy") was not tried.
    const said = content
      .filter((sentence) => !sentence.endsWith('?') && !isAside(sentence) && isTriedAction(sentence))
      .slice(0, 1)
    const asked = content
      .filter((sentence) => sentence.endsWith('?'))
      .slice(0, 1)
      .map(withoutLeadIn)
    return [...said, ...asked.map((question) => `asked: ${question}`)].map((item) => clip(item, MAX_STEP))
  })
  return items.slice(-MAX_TRIED)
}

function pendingLines(state: ConversationState, latestCustomer: CustomerSentence[]): string[] {
  const last = state.messages.filter((m) => m.authorRole === 'customer' || isReplyToCustomer(m)).at(-1)
  // A question the customer asked says best what they wait for; otherwise their latest request.
  const requests = latestCustomer.filter((sentence) => REQUEST.test(sentence.text))
  const request = requests.filter((sentence) => sentence.text.endsWith('?')).at(-1) ?? requests.at(-1)
  if (state.isResolved) return ['Pending: nothing; the ticket is resolved.', 'Waiting for: nothing.']
  if (!last) return ['Pending: the first message.']
  if (wrappedUp(state))
    return [
      'Pending: nothing; the customer confirmed the problem is solved. Close the ticket.',
      'Waiting for: nothing.'
    ]
  if (last.authorRole === 'analyst') {
    const question = sentencesOf(last.text)
      .filter((s) => s.endsWith('?') && !isChitChat(s))
      .at(-1)
    return [
      question
        ? `Pending: the customer's answer to the analyst's question: ${clip(withoutLeadIn(question), MAX_STEP)}`
        : "Pending: the customer's reply to the analyst's latest message.",
      'Waiting for: nothing from the team; the analyst wrote last.'
    ]
  }
  return [
    'Pending: an analyst reply to the customer.',
    request
      ? `Waiting for: the customer asks ${quote(clip(request.text, MAX_QUOTE))}`
      : 'Waiting for: a fix for the problem above.'
  ]
}

/**
 * The customer's latest message says the problem is solved (see confirmationIn) and no analyst asked anything since
 * ("Brilliant, enjoy the new setup!" asks nothing): nothing is pending but closing the ticket.
 */
export function wrappedUp(state: ConversationState): boolean {
  if (!isWrappingUp(state)) return false
  const confirmed = state.messages.findLastIndex((message) => message.authorRole === 'customer')
  return !state.messages
    .slice(confirmed + 1)
    .some(
      (message) =>
        isReplyToCustomer(message) &&
        sentencesOf(message.text).some((sentence) => sentence.endsWith('?') && !isChitChat(sentence))
    )
}
