/**
 * The last check before a card reaches an analyst: whatever wrote it (the model, a knowledge entry, an alert), its
 * title and text pass the same risk checks as learned steps. A risky card is kept but flagged with the reason, so
 * the analyst sees why and the overlay never adopts it with one click.
 */
import type { PushEventPayload } from '../../../shared/contract'
import type { Suggestion } from '../../../shared/domain'
import { riskOfText } from '../learning/safeguards'

export function screenSuggestion(suggestion: Suggestion): Suggestion {
  const risk = riskOfText(`${suggestion.title}\n${suggestion.text}`)
  if (!risk) return suggestion
  const existing = suggestion.risk ? `${suggestion.risk}; ` : ''
  return { ...suggestion, risk: `${existing}${risk}`.slice(0, 300) }
}

type AskChunk = PushEventPayload<'assist.chunk'>

/**
 * Wraps the emitter of Ask answers so that every answer, from the model or from knowledge, is checked as a whole:
 * the text of one request is gathered and its last chunk carries the risk flag when the whole text is risky.
 */
export function screenAskChunks(emit: (chunk: AskChunk) => void): (chunk: AskChunk) => void {
  const texts = new Map<string, string>()
  return (chunk) => {
    // An error restarts the answer (the engine dropped the model's text and answers from knowledge).
    const soFar = (chunk.error ? '' : (texts.get(chunk.requestId) ?? '')) + chunk.text
    if (!chunk.done) {
      texts.set(chunk.requestId, soFar)
      return emit(chunk)
    }
    texts.delete(chunk.requestId)
    const risk = chunk.risk ?? riskOfText(soFar)
    emit(risk ? { ...chunk, risk } : chunk)
  }
}
