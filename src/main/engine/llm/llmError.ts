/** Named, coded errors of the language-model layer; each carries what a person needs to act on it. */
import { VigilError } from '../../../shared/errors'

export type LlmErrorCode =
  | 'LLM_MODEL_INVALID'
  | 'LLM_UNAVAILABLE'
  | 'LLM_INVALID_OUTPUT'
  | 'LLM_TIMEOUT'
  | 'LLM_ABORTED'
  | 'LLM_REMOTE_ERROR'

export class LlmError extends VigilError {
  constructor(
    readonly llmCode: LlmErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> }
  ) {
    super(llmCode, message, options)
    this.name = 'LlmError'
    this.details = options?.details ?? {}
  }

  readonly details: Record<string, unknown>
}
