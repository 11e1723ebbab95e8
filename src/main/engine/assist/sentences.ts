/**
 * Sentence-level reading of conversation text for the extractive summary: splitting, telling chit-chat from
 * content, and spotting text that addresses an assistant (prompt injection) so it is never repeated as fact.
 *
 * The text is the ticket's own, unscrubbed: a summary and the case tracker are read by the analyst working the ticket,
 * who sees the same conversation beside them ("sent 09:14", the request id), and are never stored as knowledge.
 * Scrubbing is for what is learned and shared; a placeholder ("sent [time]") only hides from the analyst what the
 * ticket already shows them.
 */
import { riskOfText } from '../learning/safeguards'

/** Sentences of a message as written, list markers and leading greetings ("Hi Dana, ...") removed. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=["'“(]?[A-Z0-9])/)
    .map((sentence) => withoutGreeting(sentence.replace(LIST_MARKER, '').trim()))
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence))
}

/**
 * "Hi Dana, there's no incident right now, ..." keeps "There's no incident right now, ..."; a greeting that is the
 * sentence's point ("Hi Graham, I understand that's alarming.") stays whole, for isChitChat to leave out.
 */
function withoutGreeting(sentence: string): string {
  if (isChitChat(sentence)) return sentence
  const rest = sentence.replace(LEADING_GREETING, '')
  return rest === sentence ? sentence : rest.charAt(0).toUpperCase() + rest.slice(1)
}

/** The numbered or bulleted lines of a message: the steps an analyst wrote out. */
export function listItemsOf(text: string): string[] {
  return text
    .split(/\n+/)
    .filter((line) => LIST_MARKER.test(line))
    .map((line) => line.replace(LIST_MARKER, '').trim())
    .filter((line) => /[\p{L}\p{N}]/u.test(line))
}

const LIST_MARKER = /^\s*(?:\d+[.)]|[-*•])\s+/
/** "Hi, something odd: ...", "Hi Dana, there's no ..." keep what follows the greeting (the name is the reader's). */
const LEADING_GREETING =
  /^(?:hi|hello|hey|dear|bonjour|hallo|hola)(?: there| \p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)?)?\s*[,!:]\s+(?=\S.{15,})/iu

const GREETING_OR_THANKS =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|bonjour|hallo|hola|thanks|thank you|many thanks|cheers|merci|gracias|danke|you're welcome|any time|anytime|avec plaisir|my pleasure|happy to help|glad|great|perfect|brilliant|awesome|excellent|no problem|sorry|apologies|i understand|i'm sorry|i am sorry|that sounds (?:frustrating|annoying|stressful|alarming)|best|regards|kind regards|have a (?:good|great|nice)|enjoy|closing (?:this|the ticket)|i'll close|let me (?:know|look|check|take a look)|bear with me|one moment)\b/i
const ACKNOWLEDGEMENT =
  /^(?:ok|okay|yes|yep|yeah|no|right|got it|i see|understood|makes sense|exactly|correct|indeed|sure|that's (?:it|right|great|a relief))\b/i

/** Greetings, thanks, acknowledgements and sign-offs: nothing a summary needs. */
export function isChitChat(sentence: string): boolean {
  const words = sentence.split(/\s+/).length
  if (GREETING_OR_THANKS.test(sentence) && words < 12) return true
  if (ACKNOWLEDGEMENT.test(sentence) && words < 8) return true
  // What is left once ids and numbers go: "Ref 4f9a1c." says nothing.
  return sentence.replace(/\S*\d\S*/g, '').replace(/[^\p{L}]/gu, '').length < 8
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
