/**
 * Checks a model's free-text answer before anyone sees it: it may cite only the knowledge entries it was given
 * (an answer resting on an invented or foreign entry is dropped whole, never trimmed), and its text passes the same
 * risk checks as learned steps.
 */
import { riskOfText } from '../learning/safeguards'

export type AnswerCheck = { ok: true; risk: string | null } | { ok: false; problem: string }

/** Bracketed ids such as [kb-12] or [NIM-1001]: a token with a digit or a dash, no spaces. */
const CITED = /\[([A-Za-z0-9][\w.:-]{0,119})\]/g

export function citedIds(text: string): string[] {
  return [...text.matchAll(CITED)].map((match) => match[1]!).filter((id) => /[\d-]/.test(id))
}

export function checkAnswer(text: string, givenIds: readonly string[]): AnswerCheck {
  if (text.trim() === '') return { ok: false, problem: 'the model gave an empty answer' }
  const given = new Set(givenIds)
  const foreign = citedIds(text).filter((id) => !given.has(id))
  if (foreign.length > 0)
    return {
      ok: false,
      problem: `the model's answer cited ${foreign.slice(0, 3).join(', ')}, which it was not given`
    }
  return { ok: true, risk: riskOfText(text) }
}
