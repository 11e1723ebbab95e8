/**
 * Turns a conversation into a search: the customer's side of it, newest message weighted most, with volatile
 * identifiers (ids, e-mails, IPs, UUIDs, timestamps) stripped so they neither match nor leak.
 */
import type { Message } from '../../../shared/domain'
import { ruledOutTerms } from '../text/ruledOut'
import { scrubText } from '../text/scrub'
import { tokenize } from '../text/tokenize'
import type { ConversationState } from '../watcher/conversationState'

export interface ConversationQuery {
  /** Scrubbed text for full-text search. */
  text: string
  /** Tokens for similarity, the trigger's counted twice. */
  tokens: string[]
}

/** Earlier customer messages considered besides the trigger. */
const EARLIER_MESSAGES = 4
const MAX_TEXT = 2_000

export function buildQuery(state: ConversationState, trigger: Message | null): ConversationQuery {
  const customer = state.customerMessages()
  const newest = trigger?.authorRole === 'customer' ? trigger : customer.at(-1)
  const earlier = customer.filter((message) => message !== newest).slice(-EARLIER_MESSAGES)
  const subject = scrubText(state.ticket.subject)
  const parts = earlier.map((m) => scrubText(m.text))
  const newestText = newest ? scrubText(newest.text) : ''
  const tokens = [
    ...tokenize(newestText),
    ...tokenize(newestText),
    ...tokenize(subject),
    ...parts.flatMap(tokenize)
  ]
  // The subject goes first: a long message (a pasted log) must not push it past the cut.
  const text = [subject, newestText, ...parts].filter(Boolean).join('\n').slice(0, MAX_TEXT)
  return { text, tokens }
}

/** A query from free text (e.g. a model's rewrite), scrubbed like a conversation query. */
export function queryFromText(text: string): ConversationQuery {
  const scrubbed = scrubText(text)
  return { text: scrubbed.slice(0, MAX_TEXT), tokens: tokenize(scrubbed) }
}

/**
 * The words of the whole conversation a card's reason may name: the subject and every customer message (not only the
 * latest few the search weighs), and the words anyone in it said are not the problem ("NTP is fine").
 */
export function conversationWords(state: ConversationState): { tokens: string[]; ruledOut: Set<string> } {
  const customer = [state.ticket.subject, ...state.customerMessages().map((message) => message.text)]
  return {
    tokens: tokenize(scrubText(customer.join('\n'))),
    ruledOut: ruledOutTerms(state.messages.map((message) => message.text).join('\n'))
  }
}
