/** What the analyst asked, checked before any search: an empty or symbols-only question is refused in words. */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { tokenize } from '../text/tokenize'

/**
 * Words that ask about "this ticket" rather than name a problem ("What fixed this last time?", "what should I do
 * next?"). A question made only of these is answered from the ticket's own problem.
 */
const ABOUT_THE_TICKET = new Set(
  (
    'fix fixed solv solve solution resolv resolve resolut do done next last time step steps work answer reply say ' +
    'tell suggest recommend customer case ticket issue problem happen going wrong try tried should way best ' +
    'usual usually normally before earlier previous similar same anyth anything someth something here'
  )
    .split(/\s+/)
    .flatMap((word) => tokenize(word))
)

/**
 * Words that shape a question without naming its subject ("how many", "either", "per", "exactly"): left out of what
 * the question is matched on, so "How many retries ...?" is about retries, not about "many".
 */
const QUESTION_FILLER = new Set(
  (
    'many much long often soon quickly fast either neither whether per exactly actually possible possibly ever ' +
    'anyone someone somebody anybody kind sort allowed allow allows supposed normal maximum max minimum min ' +
    // "What is the batch size?" asks for a figure about batches: "size" and "amount" say a figure is asked.
    'size amount'
  )
    .split(/\s+/)
    .flatMap((word) => tokenize(word))
)

export interface CheckedQuestion {
  /** The question as asked, trimmed. */
  text: string
  /** Stemmed words that name what is asked about (empty: the question is about the ticket itself). */
  subjectTokens: string[]
}

/** Refuses a question with no letter or digit in it; says what a question needs. */
export function checkQuestion(question: string): CheckedQuestion {
  const text = question.trim()
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new VigilError(
      ErrorCode.badInput,
      text === ''
        ? 'The question is empty: type what you want to know about this ticket.'
        : `"${text.slice(0, 40)}" has no words in it: type what you want to know about this ticket.`
    )
  }
  return {
    text,
    subjectTokens: tokenize(text).filter(
      (token) => !ABOUT_THE_TICKET.has(token) && !QUESTION_FILLER.has(token)
    )
  }
}
