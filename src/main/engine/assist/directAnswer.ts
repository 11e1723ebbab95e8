/**
 * The part of an entry that answers the question asked, without a model. "How many requests per minute are
 * allowed?" is answered with the sentence that gives the figure ("limited to 600 requests per minute"), not the
 * entry's steps; when the entry gives no such figure ("How many retries ...?"), Vigil says so plainly and quotes what
 * the entry does say about retries. A question about what to do ("How do I refund ...?") gets the entry's fix.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { distinctiveTerms } from '../pipeline/distinctiveWords'
import { tokenize } from '../text/tokenize'
import type { CheckedQuestion } from './question'

/** What kind of answer the question wants: a figure, a time, a fact from the entry, or what to do. */
export type QuestionKind = 'amount' | 'duration' | 'fact' | 'how-to'

const AMOUNT =
  /\bhow (?:many|much)\b|\b(?:what|which)(?:'s|’s| is| are)? (?:the )?(?:max(?:imum)?|min(?:imum)?|limit|number|size|amount|rate|count)\b/i
const DURATION = /\bhow (?:long|often|soon|quickly|fast)\b|^when\b/i
/** A yes-or-no question ("Can the customer get a refund ...?"): the entry's fix says yes or no and what to do. */
const YES_OR_NO = /^(?:can|could|is|are|does|do|did|will|would|should|has|have)\b/i
const HOW_TO =
  /\bhow (?:do|can|could|should|would|to)\b|\bwhat (?:should|do|can|could) (?:i|we)\b|\b(?:steps?|fix|fixed|solve|solved|resolve|workaround)\b/i

export function questionKind(question: string): QuestionKind {
  if (AMOUNT.test(question)) return 'amount'
  if (DURATION.test(question)) return 'duration'
  if (
    HOW_TO.test(question) ||
    YES_OR_NO.test(question.trim()) ||
    !/\?\s*$|^(?:what|which|who|where|when|why|is|are|does|do|can|will|has|have)\b/i.test(question)
  )
    return 'how-to'
  return 'fact'
}

const NUMBER_WORD =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|a dozen|a few'
/** A figure: "600", "100k", "2-4", "30%", "five". */
const FIGURE = new RegExp(
  String.raw`(?:\b\d[\d,.]*(?:k|%)?(?:\s*[-–]\s*\d[\d,.]*)?|\b(?:${NUMBER_WORD})\b)`,
  'i'
)
/** A length of time or a frequency: "60 minutes", "within 5-7 business days", "every night", "immediately". */
const TIME = new RegExp(
  String.raw`(?:${FIGURE.source})(?:\s+business)?[\s-]*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms)\b|\b(?:immediately|instantly|right away|hourly|daily|nightly|weekly|monthly|every (?:hour|day|night|week|month))\b`,
  'i'
)

export interface DirectAnswer {
  kind: QuestionKind
  /** Sentences of the entry that answer the question, best first (empty for a how-to question). */
  says: string[]
  /** What the question asks that the entry does not say ("how many retries"); absent when it says it. */
  missing?: string
  /** Without an answer: the entry's sentence that says most about what was asked. */
  related?: string
  /** The word a figure was asked for, as the analyst wrote it ("retries"). */
  topic?: string
}

/** The word a figure is asked for: "how many retries ..." -> "retries"; "what is the maximum batch size" -> "batch". */
function askedWord(question: string): string | null {
  const after =
    /\bhow (?:many|much)\s+(.*)$/i.exec(question)?.[1] ??
    /\b(?:max(?:imum)?|min(?:imum)?|limit|number|size|amount|rate|count)\s+(?:of\s+|on\s+|for\s+)?(.*)$/i.exec(
      question
    )?.[1] ??
    ''
  const word = after.split(/[^\p{L}\p{N}_'-]+/u).find((item) => tokenize(item).length > 0)
  return word ?? null
}

/**
 * "the maximum batch size", "the rate limit for exports": a limit is asked for, which a sentence gives as "up to 500
 * records" or "at most 100" whatever it counts.
 */
const LIMIT_ASKED = /\b(?:size|limit)\b/i
const LIMIT_FIGURE = /\b(?:up to|at most|no more than|max(?:imum)?(?: of)?|limited to|capped at)\s+\d/i
/** The phrase a figure is asked with, for saying it is missing: "the maximum batch size". */
const ASKED_PHRASE =
  /\b(?:max(?:imum)?|min(?:imum)?|limit|number|size|amount|rate|count)\b(?:\s+(?!for\b|of\b|on\b|in\b|per\b)[\p{L}\p{N}_-]+){0,3}/iu

/** Whether `sentence` puts a figure within three words before `word` ("600 requests", "up to 500 records"). */
function figureFor(sentence: string, word: string): boolean {
  const [asked] = tokenize(word)
  const words = sentence.split(/\s+/)
  return words.some((item, index) => {
    const [token] = tokenize(item)
    if (token === undefined || token !== asked) return false
    return words.slice(Math.max(0, index - 3), index).some((before) => FIGURE.test(before))
  })
}

const sharedWith = (question: readonly string[], sentence: string): number => {
  const tokens = new Set(tokenize(sentence))
  return distinctiveTerms([...new Set(question)]).filter((token) => tokens.has(token)).length
}

export function directAnswer(question: CheckedQuestion, entry: KnowledgeEntry): DirectAnswer {
  const kind = questionKind(question.text)
  if (kind === 'how-to') return { kind, says: [] }
  const asked = kind === 'amount' ? askedWord(question.text) : null
  // The words of the question that say what it is about, besides the word a figure is asked for.
  const words = question.subjectTokens
  const sentences = entry.resolution
    .map((sentence) => ({ sentence, shared: sharedWith(words, sentence) }))
    .filter((item) => item.shared > 0)
    .sort((a, b) => b.shared - a.shared)
  const answers = sentences.filter(({ sentence }) => {
    if (kind === 'amount') {
      if (!asked) return FIGURE.test(sentence)
      return figureFor(sentence, asked) || (LIMIT_ASKED.test(question.text) && LIMIT_FIGURE.test(sentence))
    }
    if (kind === 'duration') return TIME.test(sentence)
    return true
  })
  if (answers.length > 0) return { kind, says: answers.slice(0, 2).map((item) => item.sentence) }
  const how = kind === 'amount' ? /\bhow (?:many|much)\b/i.exec(question.text)?.[0].toLowerCase() : undefined
  const missing =
    kind === 'amount'
      ? how || !ASKED_PHRASE.test(question.text)
        ? `${how ?? 'how many'}${asked ? ` ${asked.toLowerCase()}` : ''}`
        : `the ${ASKED_PHRASE.exec(question.text)![0].toLowerCase()}`
      : kind === 'duration'
        ? (DURATION.exec(question.text)?.[0].toLowerCase() ?? 'when')
        : 'that'
  // No sentence on the question's words: for "how long", what the entry does say about time is still worth reading.
  const timing =
    kind === 'duration' && !sentences[0]
      ? entry.resolution.find((sentence) => TIME.test(sentence))
      : undefined
  return {
    kind,
    says: [],
    missing,
    ...(sentences[0]
      ? { related: sentences[0].sentence }
      : timing
        ? { related: timing, topic: 'timing' }
        : {}),
    ...(asked ? { topic: asked.toLowerCase() } : {})
  }
}
