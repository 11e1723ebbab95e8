/**
 * What an analyst tried, as a case summary and the case tracker list it: actions and what their checks found, not
 * explanations. "Use POST /v2/records/bulk", "Worth setting a calendar reminder", "I've extended your trial", a
 * command to run and "I can see the deliveries: ..." are tried; "The API is healthy; that response is our rate limiter
 * doing its job." explains, and belongs to no list of what was tried.
 */
import { isAction } from '../learning/distill'

/** Advice to the customer: "You might also exclude the clock ...", "you can re-run the import", "Worth setting ...". */
const ADVICE =
  /\b(?:you|we)(?:['’]ll| will)? (?:can|could|should|might|may|need to|must|have to|want to|need)\s+(?:also\s+|then\s+|just\s+)?(?!be\b|not\b|see\b|know\b)[a-z]+|^(?:it['’]s |it is )?(?:worth|best to|safer to|better to)\b/i
/** What the analyst did themselves: "I've extended your trial", "We refunded the second charge", "I reset it". */
const DONE =
  /^(?:ok(?:ay)?,?\s+)?(?:i|we)(?:['’]ve| have)?\s+(?:just\s+|now\s+|also\s+|already\s+)?(?:(?!(?:understood|noticed|seemed|looked|wondered|hoped|guessed|assumed)\b)[a-z]+ed|sent|reset|set|made|ran|put|gave|rebuilt|re-?sent|released|issued|forwarded|escalated)\b/i
/** A command to run, on a line of its own ("dig +short CNAME ...", "curl -I https://..."). */
const COMMAND =
  /^(?:dig|nslookup|host|curl|wget|ping|traceroute|openssl|kubectl|docker|git|npm|npx|pip|python3?|node|ssh|telnet|nc|aws|az|gcloud)\s+\S/

/**
 * What a check of the analyst's found: "I can see the deliveries", "delivered from our side", "there's no platform
 * incident right now", "the latest was sent ... and your mail server accepted it".
 */
const FOUND =
  /\b(?:i|we) (?:can )?see\b|\b(?:i|we)(?:['’]ve| have)? (?:checked|looked|confirmed|tested|reproduced)\b|\b(?:from|on) our side\b|\bour (?:logs?|records|monitoring)\b|\bno (?:platform |service )?(?:incident|outage)\b|\b(?:was|were|did) (?:sent|delivered|accepted|leave|received|processed)\b/i

/** Whether an analyst's sentence says something to do, done or found (see the module comment), not an explanation. */
export const isTriedAction = (sentence: string): boolean =>
  isAction(sentence) ||
  ADVICE.test(sentence) ||
  DONE.test(sentence) ||
  COMMAND.test(sentence) ||
  FOUND.test(sentence)

/**
 * A question without the lead-in that introduced it: "Before I suggest changes: is each contact a separate call?"
 * asks "Is each contact a separate call?". A question with no such lead-in is kept as written.
 */
export function withoutLeadIn(question: string): string {
  const match = /^[^?:]{3,80}:\s+(?=\S)(.+\?)$/.exec(question)
  // "Output:" and "Error:" label a quote; "https://" and "10:30" are no lead-ins.
  if (!match || /\d:\d|\w:\/\//.test(question.slice(0, question.indexOf(':') + 3))) return question
  const rest = match[1]!
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}
