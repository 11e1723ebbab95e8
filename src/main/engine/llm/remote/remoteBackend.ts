/**
 * The backend for OpenAI-compatible servers (Ollama, vLLM, llama.cpp server, `vigil serve-model`, cloud providers):
 * streamed chat completions, structured output through `response_format` where the server supports it, and
 * embeddings. The API key is sent as a bearer token and never appears in a message or a log.
 *
 * Failures are `LLM_REMOTE_ERROR` LlmErrors that say what to check, and `LLM_TIMEOUT` past `timeoutMs`. When the
 * caller's signal aborts, the call rejects with the abort reason (as `fetch` does); `createLlmRuntime` turns that
 * into `LLM_ABORTED`, or `LLM_TIMEOUT` when the abort was its own time budget.
 */
import type { BackendInfo, ChatMessage, GenerationOptions, LlmBackend } from '../llmRuntime'
import { readChatStream } from './chatStream'
import { remoteError } from './httpErrors'
import { jsonRequestFields, nextJsonMode, rejectsResponseFormat, type JsonMode } from './jsonMode'
import { ChatCompletion, EmbeddingList, readJsonAnswer, vectorsInOrder } from './openAiWire'
import {
  beginCall,
  createRemoteTransport,
  postJson,
  type RemoteCall,
  type RemoteTransport
} from './remoteTransport'

export interface RemoteBackendOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` and `/embeddings` are appended. */
  baseUrl: string
  /** Chat model id on the server. */
  model: string
  /** Embedding model id on the server. Default: `model`. */
  embeddingModel?: string
  /** Sent as `Authorization: Bearer`; never logged nor put in a message. Default: none (no header). */
  apiKey?: string
  /** Tokens the model sees at once; prompts are built to fit it. Default: unknown (the prompt default budget). */
  contextSize?: number
  /** Time budget of one call (a whole stream included) in milliseconds, unless the call sets its own. Default 60 000. */
  timeoutMs?: number
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch
  /** Retries after a 429 or 5xx answer. Default 3. */
  maxRetries?: number
  /** Source of backoff jitter in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Waits between retries; tests pass one that returns at once. Default a timer that stops on abort. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Wait before the first retry when the server gives no `Retry-After`; doubles each retry. Default 500 ms. */
  baseRetryDelayMs?: number
}

/** Most tokens of a structured answer when the call does not say (the `GenerationOptions` default). */
const structuredMaxTokens = 256

export function createRemoteBackend(options: RemoteBackendOptions): LlmBackend {
  const transport = createRemoteTransport({
    ...options,
    retry: {
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.random ? { random: options.random } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.baseRetryDelayMs === undefined ? {} : { baseDelayMs: options.baseRetryDelayMs })
    }
  })
  const info: BackendInfo = {
    backend: 'remote',
    model: options.model,
    ...(options.contextSize ? { contextSize: options.contextSize } : {})
  }
  let jsonMode: JsonMode = 'json_schema'

  const chatBody = (messages: ChatMessage[], generation: GenerationOptions, maxTokens?: number) => ({
    model: options.model,
    messages,
    temperature: generation.temperature ?? 0,
    ...((generation.maxTokens ?? maxTokens) === undefined
      ? {}
      : { max_tokens: generation.maxTokens ?? maxTokens })
  })

  return {
    info,
    get retriesSent() {
      return transport.retriesSent
    },

    async *streamChat(messages, generation) {
      const call = beginCall(transport, generation.signal, generation.timeoutMs)
      try {
        const body = { ...chatBody(messages, generation), stream: true }
        const response = await postJson(transport, call, '/chat/completions', body, 'text/event-stream')
        yield* readChatStream(response, transport.context)
      } catch (error) {
        throw call.fail(error)
      } finally {
        call.end()
      }
    },

    async completeJson(messages, jsonSchema, generation) {
      const call = beginCall(transport, generation.signal, generation.timeoutMs)
      try {
        for (;;) {
          const mode = jsonMode
          const body = { ...chatBody(messages, generation, structuredMaxTokens), stream: false }
          try {
            return await completeOnce(transport, call, {
              ...body,
              ...jsonRequestFields(mode, messages, jsonSchema)
            })
          } catch (error) {
            const next = nextJsonMode(mode)
            if (!next || !rejectsResponseFormat(error)) throw error
            // Remembered for later calls: this server will not take `mode`.
            if (jsonMode === mode) jsonMode = next
          }
        }
      } catch (error) {
        throw call.fail(error)
      } finally {
        call.end()
      }
    },

    async embed(texts, embedOptions) {
      if (texts.length === 0) return []
      const call = beginCall(transport, embedOptions.signal)
      try {
        const body = { model: options.embeddingModel ?? options.model, input: texts }
        const response = await postJson(transport, call, '/embeddings', body)
        const answer = await readJsonAnswer(response, EmbeddingList, transport.context)
        const vectors = vectorsInOrder(answer, texts.length, transport.context)
        info.embeddingDimensions = vectors[0]!.length
        return vectors
      } catch (error) {
        throw call.fail(error)
      } finally {
        call.end()
      }
    },

    async dispose() {
      // Nothing is held between calls: each request owns its connection and timer.
    }
  }
}

async function completeOnce(transport: RemoteTransport, call: RemoteCall, body: unknown): Promise<string> {
  const response = await postJson(transport, call, '/chat/completions', body)
  const completion = await readJsonAnswer(response, ChatCompletion, transport.context)
  const message = completion.choices[0]!.message
  if (typeof message.content === 'string') return message.content
  throw remoteError(
    `The model at ${transport.context.server} gave no answer${message.refusal ? ` (it refused: "${message.refusal}")` : ''}.`,
    { server: transport.context.server }
  )
}
