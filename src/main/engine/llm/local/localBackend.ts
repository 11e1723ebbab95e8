/**
 * The local backend: a GGUF model run by node-llama-cpp on the shared llama. Create it with `loadLocalBackend`.
 *
 * Sequences: one context with one sequence, and every call runs alone through a FIFO queue on a sequence cleared
 * first, so no call sees another's tokens. A sequence per call would need `sequences: N` when the context is
 * created, multiplying the KV-cache memory by N, for little gain on a CPU where parallel evaluations share the same
 * cores. Embeddings use their own small context and queue, so they do not wait behind a long generation.
 *
 * The chat template comes from the model (node-llama-cpp's `chatWrapper: 'auto'` reads the GGUF metadata).
 */
import { basename } from 'node:path'
import type {
  ChatHistoryItem,
  GbnfJsonSchema,
  Llama,
  LlamaChat,
  LlamaContext,
  LlamaEmbeddingContext,
  LlamaGrammar,
  LlamaModel
} from 'node-llama-cpp'
import { LlmError } from '../llmError'
import type { BackendInfo, ChatMessage, GenerationOptions, LlmBackend } from '../llmRuntime'
import { ChunkQueue } from './chunkQueue'
import { toGrammarSchema } from './grammarSchema'
import { SerialQueue } from './serialQueue'

/** Where the model runs, for diagnostics. */
export interface LocalHardware {
  /** The GPU API layers were offloaded to, or false when the model runs on the CPU. */
  gpu: false | string
  gpuLayers: number
  threads: number
}

interface LoadedParts {
  llama: Llama
  model: LlamaModel
  context: LlamaContext
  modelPath: string
  threads: number
  embeddingContextSize: number
}

/** Default token budgets when the caller gives none. */
const defaultMaxTokens = { chat: 512, json: 256 }

export class LocalLlmBackend implements LlmBackend {
  readonly info: BackendInfo
  readonly hardware: LocalHardware
  private readonly generations = new SerialQueue()
  private readonly embeddings = new SerialQueue()
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>()
  private readonly closing = new AbortController()
  private embeddingContext: Promise<LlamaEmbeddingContext> | undefined
  private disposal: Promise<void> | undefined

  static async create(parts: LoadedParts): Promise<LocalLlmBackend> {
    const { LlamaChat } = await import('node-llama-cpp')
    return new LocalLlmBackend(parts, new LlamaChat({ contextSequence: parts.context.getSequence() }))
  }

  private constructor(
    private readonly parts: LoadedParts,
    private readonly chat: LlamaChat
  ) {
    const { llama, model, modelPath, threads } = parts
    this.info = {
      backend: 'local',
      model: basename(modelPath),
      embeddingDimensions: model.embeddingVectorSize,
      contextSize: parts.context.contextSize
    }
    this.hardware = { gpu: model.gpuLayers > 0 ? llama.gpu : false, gpuLayers: model.gpuLayers, threads }
  }

  /** Tokens the model's own tokenizer makes of a text. */
  countTokens(text: string): number {
    this.assertOpen()
    return this.parts.model.tokenize(text).length
  }

  async *streamChat(messages: ChatMessage[], options: GenerationOptions): AsyncGenerator<string> {
    const chunks = new ChunkQueue()
    // Stops the generation when the caller aborts or stops reading early.
    const stop = new AbortController()
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
    const done = this.generate(messages, { ...options, signal }, 'chat', undefined, (text) =>
      chunks.push(text)
    )
      .then(() => chunks.end())
      .catch((error: unknown) => chunks.fail(error))
    try {
      yield* chunks
    } finally {
      stop.abort(new LlmError('LLM_ABORTED', 'The reader stopped the generation'))
      await done
    }
  }

  async completeJson(
    messages: ChatMessage[],
    jsonSchema: Record<string, unknown>,
    options: GenerationOptions
  ): Promise<string> {
    this.assertOpen()
    return this.generate(messages, options, 'json', await this.grammarFor(jsonSchema))
  }

  async embed(texts: string[], options: { signal?: AbortSignal }): Promise<number[][]> {
    this.assertOpen()
    const signal = this.withClosing(options.signal)
    return this.embeddings.run(async () => {
      const context = await this.getEmbeddingContext()
      const vectors: number[][] = []
      for (const text of texts) {
        signal.throwIfAborted()
        // Longer texts are cut to the context, leaving room for the BOS/EOS tokens the context adds.
        const tokens = this.parts.model.tokenize(text).slice(0, this.parts.embeddingContextSize - 4)
        const { vector } = await context.getEmbeddingFor(tokens)
        vectors.push(
          vector.length > 0 ? [...vector] : new Array<number>(this.parts.model.embeddingVectorSize).fill(0)
        )
      }
      return vectors
    }, signal)
  }

  /** Stops running calls, then frees the contexts and the model (not the shared llama). A second call waits for the first. */
  dispose(): Promise<void> {
    this.disposal ??= (async () => {
      this.closing.abort(unloaded(this.info.model))
      await Promise.all([this.generations.idle(), this.embeddings.idle()])
      this.chat.dispose({ disposeSequence: true })
      this.grammars.clear()
      const embeddingContext = await this.embeddingContext?.catch(() => undefined)
      await embeddingContext?.dispose()
      await this.parts.context.dispose()
      await this.parts.model.dispose()
    })()
    return this.disposal
  }

  private generate(
    messages: ChatMessage[],
    options: GenerationOptions,
    kind: keyof typeof defaultMaxTokens,
    grammar?: LlamaGrammar,
    onTextChunk?: (text: string) => void
  ): Promise<string> {
    this.assertOpen()
    const signal = this.withClosing(options.signal)
    return this.generations.run(async () => {
      await this.chat.sequence.clearHistory()
      const { response } = await this.chat.generateResponse(toHistory(messages), {
        maxTokens: options.maxTokens ?? defaultMaxTokens[kind],
        temperature: options.temperature ?? 0,
        signal,
        grammar,
        onTextChunk
      })
      return response
    }, signal)
  }

  private grammarFor(jsonSchema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(jsonSchema)
    let grammar = this.grammars.get(key)
    if (!grammar) {
      grammar = this.parts.llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGrammarSchema(jsonSchema))
      grammar.catch(() => this.grammars.delete(key))
      this.grammars.set(key, grammar)
    }
    return grammar
  }

  private getEmbeddingContext(): Promise<LlamaEmbeddingContext> {
    const size = this.parts.embeddingContextSize
    this.embeddingContext ??= this.parts.model.createEmbeddingContext({
      contextSize: size,
      batchSize: size,
      threads: this.parts.threads
    })
    return this.embeddingContext
  }

  private withClosing(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw unloaded(this.info.model)
  }
}

function unloaded(model: string): LlmError {
  return new LlmError('LLM_UNAVAILABLE', `The local model ${model} was unloaded; load it again to use it.`)
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === 'assistant'
      ? { type: 'model', response: [message.content] }
      : { type: message.role, text: message.content }
  )
  // The model answers in a new turn, or continues the assistant's turn when the messages end with one.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] })
  return history
}
