/** What a client is told when its request fails: the backend's coded errors mapped onto HTTP statuses. */
import { LlmError } from '../engine/llm/llmError'
import { QueueFullError } from './generationQueue'
import { OpenAiHttpError } from './httpExchange'

/** Seconds a client is asked to wait when the queue is full. */
export const busyRetryAfterSeconds = 2

export function asHttpError(error: unknown, timeoutMs: number, timedOut: boolean): OpenAiHttpError {
  if (error instanceof OpenAiHttpError) return error
  if (error instanceof QueueFullError) {
    return new OpenAiHttpError(
      429,
      `The model is busy: ${error.waiting} requests are waiting already. Try again shortly.`,
      'rate_limit_error',
      'model_busy'
    )
  }
  if (timedOut || (error instanceof LlmError && error.llmCode === 'LLM_TIMEOUT')) {
    return new OpenAiHttpError(
      504,
      `The request took longer than this server allows (${timeoutMs} ms) and was stopped.`,
      'server_error',
      'timeout'
    )
  }
  if (
    error instanceof LlmError &&
    (error.llmCode === 'LLM_UNAVAILABLE' || error.llmCode === 'LLM_MODEL_INVALID')
  ) {
    return new OpenAiHttpError(503, error.message, 'server_error', 'model_unavailable')
  }
  const message = error instanceof Error ? error.message : String(error)
  return new OpenAiHttpError(500, `The model failed: ${message}`, 'server_error', 'model_error')
}
