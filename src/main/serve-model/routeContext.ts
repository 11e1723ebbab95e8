import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LlmBackend } from '../engine/llm/llmRuntime'
import type { GenerationQueue } from './generationQueue'
import type { OpenAiHttpError } from './httpExchange'

/** What every route of the model server shares. */
export interface ModelRouteContext {
  backend: LlmBackend
  /** Chat and structured calls go through it, one at a time: a model's context holds one conversation. */
  queue: GenerationQueue
  /**
   * Embedding calls, one at a time too, but apart from generations: backends embed with a context of their own
   * (the local one does), so a search need not wait behind a long answer.
   */
  embeddingQueue: GenerationQueue
  /** The model id announced by `/v1/models` and in every answer. */
  modelId: string
  maxBodyBytes: number
}

/** One request: `signal` aborts when the client disconnects or the request runs past its time limit. */
export interface Exchange {
  request: IncomingMessage
  response: ServerResponse
  signal: AbortSignal
  /** True once the client has disconnected: nothing more can reach it. */
  clientGone(): boolean
  /** What to tell the client about `error` (a timeout of this request included). */
  describe(error: unknown): OpenAiHttpError
}

export const unixSeconds = (): number => Math.floor(Date.now() / 1000)
