/**
 * The live case tracker shown beside a ticket's conversation: the problem, what was tried, what is pending and what
 * to do next, computed without a model from the conversation as it stands (recomputed on every message).
 *
 * Customer text is only ever carried as a line's `quote` (shown as the customer's words), never as a line's own
 * text, and the `next` lines come from the ticket's state and Vigil's cards alone: an instruction a customer wrote
 * can be read in a quote, but it never becomes a step. Sentences addressed to an assistant are left out and counted.
 */
import type { CaseTracker, TrackerLine } from '../../../shared/contract'
import { isSendableKind, type Message } from '../../../shared/domain'
import { isReplyToCustomer, type ConversationState } from '../watcher/conversationState'
import { confirmationIn } from '../watcher/wrapUp'
import { problemSentences, triedItems, wrappedUp } from './caseSummary'
import { addressesAnAssistant, clip, isChitChat, listItemsOf, sentencesOf } from './sentences'
import { withoutLeadIn } from './triedActions'

const MAX_QUOTE = 220
const MAX_TRIED = 5
/** A customer telling what they did themselves: "I already cleared the cache", "Used the bypass link". */
const CUSTOMER_ATTEMPT =
  /\b(?:i|we)(?:'ve| have)?\s+(?:already\s+|also\s+)?(?:tried|restarted|reinstalled|cleared|checked|rotated|regenerated|reset|updated|upgraded|changed|removed|re-?added|added|disabled|enabled|rebooted|uploaded|followed|ran|switched|verified|whitelisted|allowlisted|re-?sent|resent|replaced|deleted|created|tested|contacted|asked)\b|^(?:tried|restarted|used|checked|cleared|uploaded|reinstalled|ran|followed|replaced|updated|added|switched|removed|changed|set|reset|rotated|enabled|disabled|deleted|re-?sent|moved|installed|done|did)\b|^[\w-]+(?: [\w-]+)? (?:updated|reloaded|restarted|replaced|uploaded|changed|rotated|cleared|reinstalled|removed|added|deleted|fixed|redeployed)\b/i
/** What the customer says came of a step: "still fails", "Test connection passed", "that worked". */
const OUTCOME =
  /\b(?:still|works?|worked|working|fixed|passed|succeeded|solved|same (?:error|problem|thing)|again|no change|didn't help|did not help|verified|arrived|came through|went through|is back|are back|they're in)\b/i
/** A customer saying in their first message what they tried before writing. */
const EARLIER_ATTEMPT = /\b(?:already|tried|have checked|we checked|i checked)\b/i
/** An analyst saying what the team will do: "I'll check with engineering", "We will refund ...". */
const PROMISE =
  /\b(?:i'll|i will|we'll|we will|i'm going to|we're going to|i am going to|i've asked|i have asked|i've escalated|i have escalated|i've raised|i have raised)\b/i
/** A customer asking for something: a question, "could you ...", "please ...", "we need ...". */
const REQUEST = /\?$|^(?:can|could|would) you\b|^please\b|\b(?:i|we) (?:need|want|would like|expect)\b/i

interface Said {
  text: string
  message: Message
}

export interface TrackerOptions {
  /** The engine's clock: how long the customer has waited. */
  now: Date
  /** After how many minutes without a reply a customer message counts as stalled (settings). */
  stalledAfterMinutes: number
}

/** The tracker of one ticket as the conversation stands now. */
export function caseTracker(state: ConversationState, options: TrackerOptions): CaseTracker {
  let leftOut = 0
  const customerSays = (messages: Message[]): Said[] =>
    messages.flatMap((message) =>
      sentencesOf(message.text).flatMap((text) => {
        if (isChitChat(text)) return []
        if (addressesAnAssistant(text)) {
          leftOut++
          return []
        }
        return [{ text, message }]
      })
    )
  const said = customerSays(state.customerMessages())
  const firstAnalyst = state.messages.find(toCustomer)
  const opening = said.filter((sentence) => !firstAnalyst || sentence.message.time <= firstAnalyst.time)
  return {
    ticketId: state.ticket.id,
    problem: problemLines(state, opening.length ? opening : said.slice(0, 2)),
    tried: triedLines(state, said),
    pending: pendingLines(state, said, options),
    next: nextLines(state, said, options),
    leftOut,
    updatedAt: state.messages.at(-1)?.time ?? state.ticket.updatedAt
  }
}

const customerLine = (text: string, sentence: Said): TrackerLine => ({
  text,
  quote: clip(sentence.text, MAX_QUOTE),
  by: 'customer',
  at: sentence.message.time
})

function problemLines(state: ConversationState, opening: Said[]): TrackerLine[] {
  const subject = clip(state.ticket.subject, 140).replace(/[.!?]$/, '')
  // A subject is customer text too: one addressed to an assistant is not shown.
  const lines: TrackerLine[] = [
    subject && !addressesAnAssistant(subject)
      ? { text: 'Ticket subject', quote: subject, by: 'customer' }
      : { text: 'No usable subject.', by: 'vigil' }
  ]
  const chosen = problemSentences(opening)
  if (chosen.length) {
    const first = chosen[0]!
    lines.push(customerLine('In their words', { ...first, text: chosen.map((s) => s.text).join(' ') }))
  } else if (state.customerMessages().length === 0) {
    lines.push({ text: 'The customer has not described it yet.', by: 'vigil' })
  }
  return lines
}

/** The analysts' steps and questions and what the customer says they did, oldest first, the latest few. */
function triedLines(state: ConversationState, said: Said[]): TrackerLine[] {
  const lines: TrackerLine[] = []
  const firstAnalyst = state.messages.find(toCustomer)
  for (const message of state.messages) {
    if (toCustomer(message)) {
      for (const item of triedItems([message])) {
        const [, kind, body] = /^(asked: |gave steps: )?(.*)$/s.exec(item)!
        const lead = kind === 'asked: ' ? 'asked' : kind === 'gave steps: ' ? 'gave steps' : 'wrote'
        lines.push({
          text: `The analyst ${lead}: ${body!}`,
          by: 'analyst',
          at: message.time
        })
      }
    } else if (message.authorRole === 'customer') {
      // Before an analyst answered, only an explicit earlier attempt ("I already tried ..."); the rest is the problem.
      const answered = firstAnalyst !== undefined && message.time >= firstAnalyst.time
      const report = said.find(
        (s) =>
          s.message === message &&
          (answered ? CUSTOMER_ATTEMPT.test(s.text) || OUTCOME.test(s.text) : EARLIER_ATTEMPT.test(s.text))
      )
      if (report) lines.push(customerLine('The customer reports', report))
    }
  }
  return lines.slice(-MAX_TRIED)
}

function pendingLines(state: ConversationState, said: Said[], options: TrackerOptions): TrackerLine[] {
  if (state.isResolved) return [{ text: 'Nothing: the ticket is resolved.', by: 'vigil' }]
  const last = lastExchange(state)
  if (!last) return [{ text: "The customer's first message.", by: 'vigil' }]
  if (wrappedUp(state)) {
    const confirmed = confirmingSentence(state, said)
    return [confirmed ? customerLine(SOLVED, confirmed) : { text: `${SOLVED}.`, by: 'vigil' }]
  }
  const lines: TrackerLine[] = []
  if (last.authorRole === 'analyst') {
    const question = analystSentences(last)
      .filter((s) => s.endsWith('?'))
      .at(-1)
    lines.push({
      text: question
        ? `The customer's answer to: ${clip(withoutLeadIn(question), 200)}`
        : "The customer's reply to the analyst's latest message.",
      by: 'analyst',
      at: last.time
    })
  } else {
    const waited = minutesSince(last.time, options.now)
    const waitedText = waited >= 1 ? ` (waiting ${durationText(waited)})` : ''
    const latest = said.filter((s) => s.message.time >= lastAnalystTime(state))
    const requests = latest.filter((s) => REQUEST.test(s.text))
    const request = requests.filter((s) => s.text.endsWith('?')).at(-1) ?? requests.at(-1)
    lines.push(
      request
        ? customerLine(`An answer to the customer's question${waitedText}`, request)
        : latest.length
          ? customerLine(`A reply to the customer's latest message${waitedText}`, latest.at(-1)!)
          : onlyThanks(last)
            ? {
                text: 'Nothing the customer asked: their latest message thanks or acknowledges.',
                by: 'vigil'
              }
            : { text: `A reply to the customer's latest message${waitedText}.`, by: 'vigil', at: last.time }
    )
  }
  // What the analyst's latest message says the team will do stays open until an analyst writes again.
  const latestAnalyst = state.lastMessage('analyst')
  const promise = latestAnalyst && analystSentences(latestAnalyst).findLast((s) => PROMISE.test(s))
  if (latestAnalyst && promise) {
    lines.push({ text: `The analyst said: ${clip(promise, 200)}`, by: 'analyst', at: latestAnalyst.time })
  }
  return lines
}

/** What to do next, from the ticket's state and Vigil's cards only: never from what the customer wrote. */
function nextLines(state: ConversationState, said: Said[], options: TrackerOptions): TrackerLine[] {
  if (state.isResolved) return [{ text: 'Nothing: the case is closed.', by: 'vigil' }]
  const last = lastExchange(state)
  if (!last) return [{ text: 'Wait for the customer to describe the problem.', by: 'vigil' }]
  const lines: TrackerLine[] = []
  const escalation = state.lastSuggestion((s) => s.kind === 'escalation' && !dismissed(s))
  if (escalation) {
    const severity = escalation.severity ? `${escalation.severity} ` : ''
    lines.push({ text: `Handle the ${severity}escalation alert: ${escalation.title}.`, by: 'vigil' })
  }
  // Nothing is left to find: a card about the problem the customer says is solved is no reading for the reply.
  if (wrappedUp(state)) {
    lines.push({ text: 'Close the ticket: the customer confirmed the problem is solved.', by: 'vigil' })
    return lines
  }
  if (last.authorRole === 'customer') {
    const waited = minutesSince(last.time, options.now)
    const asks = said.some((s) => s.message === last && REQUEST.test(s.text))
    lines.push({
      text: onlyThanks(last)
        ? 'Close the ticket if nothing is left to do, or confirm with the customer that it is solved.'
        : waited >= options.stalledAfterMinutes
          ? `Reply now: the customer has waited ${durationText(waited)} without an answer.`
          : asks
            ? "Answer the customer's question (under Pending)."
            : "Reply to the customer's latest message.",
      by: 'vigil'
    })
    const card = state.lastSuggestion((s) => isSendableKind(s.kind) && !dismissed(s))
    if (card) lines.push({ text: `Check Vigil's card before replying: ${card.title}.`, by: 'vigil' })
  } else {
    const gaveSteps = listItemsOf(last.text).length >= 2
    lines.push({
      text: gaveSteps
        ? 'Wait for the customer to try the steps and say how it went.'
        : "Wait for the customer's reply.",
      by: 'vigil'
    })
  }
  return lines
}

const SOLVED = 'Nothing: the customer confirmed the problem is solved'

/** The sentence of the customer's latest message that says the problem is solved, as the tracker read it. */
function confirmingSentence(state: ConversationState, said: Said[]): Said | undefined {
  const latest = state.lastMessage('customer')
  const sentence = latest ? confirmationIn(latest.text) : null
  const ofLatest = said.filter((s) => s.message === latest)
  return ofLatest.find((s) => sentence?.includes(s.text)) ?? ofLatest.at(-1)
}

/** A message of thanks, greetings or acknowledgements only ("Perfect, thanks!"). */
const onlyThanks = (message: Message): boolean => {
  const sentences = sentencesOf(message.text)
  return sentences.length > 0 && sentences.every(isChitChat)
}

const dismissed = (suggestion: { feedback: { kind: string }[] }): boolean =>
  suggestion.feedback.some((feedback) => feedback.kind === 'dismissed')

/** An analyst's message to the customer: an internal note is not one (nothing was tried with the customer). */
const toCustomer = isReplyToCustomer

/** The last message of the customer or an analyst (bots, system and internal notes do not move a case). */
const lastExchange = (state: ConversationState): Message | undefined =>
  state.messages.findLast((m) => m.authorRole === 'customer' || toCustomer(m))

const lastAnalystTime = (state: ConversationState): string => state.messages.findLast(toCustomer)?.time ?? ''

/** An analyst's sentences without chit-chat (greetings are already off: see sentencesOf). */
const analystSentences = (message: Message): string[] =>
  sentencesOf(message.text).filter((s) => !isChitChat(s))

const minutesSince = (time: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(time)) / 60_000))

function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
  return `${Math.floor(hours / 24)} days`
}
