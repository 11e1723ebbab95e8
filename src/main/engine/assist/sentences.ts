/**
 * Sentence-level reading of conversation text for the extractive summary: splitting, telling chit-chat from
 * content, and spotting text that addresses an assistant (prompt injection) so it is never repeated as fact.
 */
import { riskOfText } from '../learning/safeguards'
import { scrubText } from '../text/scrub'

/** Sentences of a message, list markers removed, personal data and volatile ids scrubbed. */
export function sentencesOf(text: string): string[] {
  return scrubText(text)
    .split(/\n+|(?<=[.!?])\s+(?=["'“(]?[A-Z0-9])/)
    .map((sentence) => sentence.replace(LIST_MARKER, '').replace(LEADING_GREETING, '').trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence))
}

/** The numbered or bulleted lines of a message: the steps an analyst wrote out. */
export function listItemsOf(text: string): string[] {
  return scrubText(text)
    .split(/\n+/)
    .filter((line) => LIST_MARKER.test(line))
    .map((line) => line.replace(LIST_MARKER, '').trim())
    .filter((line) => /[\p{L}\p{N}]/u.test(line))
}

const LIST_MARKER = /^\s*(?:\d+[.)]|[-*•])\s+/
/** "Hi, something odd: ..." keeps what follows the greeting. */
const LEADING_GREETING = /^(?:hi|hello|hey|bonjour|hallo|hola)(?: there)?\s*[,!:]\s+(?=\S.{15,})/i

const GREETING_OR_THANKS =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|bonjour|hallo|hola|thanks|thank you|many thanks|cheers|merci|gracias|danke|you're welcome|any time|anytime|avec plaisir|my pleasure|happy to help|glad|great|perfect|brilliant|awesome|excellent|no problem|sorry|apologies|best|regards|kind regards|have a (?:good|great|nice)|enjoy|closing (?:this|the ticket)|i'll close|let me (?:know|look|check|take a look)|bear with me|one moment)\b/i
const ACKNOWLEDGEMENT =
  /^(?:ok|okay|yes|yep|yeah|no|right|got it|i see|understood|makes sense|exactly|correct|indeed|sure|that's (?:it|right|great|a relief))\b/i

/** Greetings, thanks, acknowledgements and sign-offs: nothing a summary needs. */
export function isChitChat(sentence: string): boolean {
  const words = sentence.split(/\s+/).length
  if (GREETING_OR_THANKS.test(sentence) && words < 12) return true
  if (ACKNOWLEDGEMENT.test(sentence) && words < 8) return true
  // What is left once placeholders and names go: "Ref [id]. [id]." says nothing.
  return sentence.replace(/\[[a-z]+\]/g, '').replace(/[^\p{L}]/gu, '').length < 8
}

const ADDRESSES_AN_ASSISTANT = [
  /\b(?:ignore|disregard|forget|override)\b[^.!?]{0,40}\b(?:instructions?|prompts?|rules?|guidelines?|above|previous|prior)\b/i,
  /\b(?:you are now|act as|pretend to be|from now on you|new instructions?|system prompt|developer mode|jailbreak)\b/i,
  /\b(?:as an? (?:ai|assistant|language model)|dear (?:ai|assistant|bot|copilot))\b/i,
  /\b(?:assistant|ai|bot|copilot|vigil)\s*[:,]\s*(?:please\s+)?(?:reset|delete|disable|grant|send|give|change|remove|transfer|export)\b/i,
  // "SYSTEM NOTE: ...", "ADMIN INSTRUCTION: ...": a label dressing customer text up as a message from the system.
  /\b(?:system|admin(?:istrator)?|important|security|developer|internal)\s+(?:note|notice|message|instructions?|override|update|directive)\s*:/i,
  // "the assistant must ...": what an assistant should do is never a fact about the customer's problem.
  /\b(?:the|this|any|an?)\s+(?:assistant|ai|bot|copilot|model|language model|summari[sz]er|vigil)\s+(?:must|should|shall|has to|needs? to|is (?:required|instructed|to)|will now)\b/i
]

/**
 * Whether customer text reads as an instruction to an assistant rather than a description of a problem. Such text
 * is left out of summaries entirely: even quoted, repeating it would give it a place among the facts.
 */
export function addressesAnAssistant(sentence: string): boolean {
  if (ADDRESSES_AN_ASSISTANT.some((pattern) => pattern.test(sentence))) return true
  // The same judgement that flags a card: a sentence it would flag is never quoted as the customer's words.
  return riskOfText(sentence)?.includes('addressed to the assistant') ?? false
}

/** Shortens to `max` characters at a word boundary. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`
}

/** The customer's own words, marked as a quote (inner double quotes become single so the quote stays one). */
export const quote = (text: string): string => `“${text.replace(/[“”]/g, '"')}”`
