/**
 * The one interface every language-model backend is used through: streamed chat, structured output validated
 * against a schema, and embeddings. Pipeline stages never know which backend answers (local GGUF through
 * node-llama-cpp, a remote OpenAI-compatible server, or a scripted fake in tests).
 */
import type { z } from 'zod'

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

export interface GenerationOptions {
  /** Most tokens to generate. Default: the backend's (256 for structured output). */
  maxTokens?: number
  /** Sampling temperature. Default 0 (deterministic where the backend allows). */
  temperature?: number
  /** Aborts the generation; the call then rejects with an `LLM_ABORTED` LlmError. */
  signal?: AbortSignal
  /** Time budget in milliseconds; past it the call rejects with `LLM_TIMEOUT`. Default: the runtime's. */
  timeoutMs?: number
}

/** A named zod schema; backends turn it into a JSON schema (`z.toJSONSchema`) to constrain generation. */
export interface StructuredSchema<T> {
  /** Short identifier, e.g. "scope.v1": names the prompt version in logs and errors. */
  name: string
  schema: z.ZodType<T>
}

export interface BackendInfo {
  backend: 'local' | 'remote' | 'fake'
  /** Model file name or remote model id. */
  model: string
  /** Embedding dimensions, once known. */
  embeddingDimensions?: number
  /**
   * Tokens the model sees at once (prompt and answer together): the loaded context locally, the setting or the
   * server's model info remotely. Unknown: prompts are built to a default budget (see `promptBudget`).
   */
  contextSize?: number
}

/** What a backend implements; `createLlmRuntime` adds validation, the repair retry, timeouts and counting. */
export interface LlmBackend {
  readonly info: BackendInfo
  /** Streams the assistant's reply as text chunks. */
  streamChat(messages: ChatMessage[], options: GenerationOptions): AsyncGenerator<string>
  /**
   * Returns raw text that should be JSON matching `jsonSchema`: grammar-constrained where the backend can
   * (node-llama-cpp), `response_format: json_schema` where the server supports it, plain instructions otherwise.
   */
  completeJson(
    messages: ChatMessage[],
    jsonSchema: Record<string, unknown>,
    options: GenerationOptions
  ): Promise<string>
  embed(texts: string[], options: { signal?: AbortSignal }): Promise<number[][]>
  /** Tokens the model's own tokenizer makes of a text, where the backend can tell (local models). */
  countTokens?(text: string): number
  dispose(): Promise<void>
  /** Requests the backend sent again on its own (HTTP retries), counted as model calls. Default none. */
  readonly retriesSent?: number
}

export interface LlmRuntime {
  readonly info: BackendInfo
  chat(messages: ChatMessage[], options?: GenerationOptions): AsyncGenerator<string>
  /** Parsed and validated output; one repair retry on invalid output, then an `LLM_INVALID_OUTPUT` LlmError. */
  structured<T>(messages: ChatMessage[], schema: StructuredSchema<T>, options?: GenerationOptions): Promise<T>
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>
  /** Exact token count where the backend has a tokenizer; prompts fall back to an estimate otherwise. */
  countTokens?(text: string): number
  /** Model calls made so far (chat, structured attempts including the repair retry, embedding batches, HTTP retries). */
  readonly calls: number
  dispose(): Promise<void>
}
