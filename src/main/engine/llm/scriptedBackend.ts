/**
 * A real, small backend that answers from a script: the test double for every pipeline branch (valid answers,
 * invalid JSON, failures, slow replies). Deterministic; no model needed.
 */
import type { BackendInfo, ChatMessage, GenerationOptions, LlmBackend } from './llmRuntime'

export interface ScriptedRequest {
  kind: 'chat' | 'json'
  messages: ChatMessage[]
  jsonSchema?: Record<string, unknown>
}

/** Returns the reply text, or throws to simulate a failing model. May be async (a slow model). */
export type Responder = (request: ScriptedRequest) => string | Promise<string>

export class ScriptedBackend implements LlmBackend {
  readonly info: BackendInfo
  readonly requests: ScriptedRequest[] = []
  disposed = false

  constructor(
    private readonly respond: Responder,
    private readonly embedText: (text: string) => number[] = hashEmbedding
  ) {
    this.info = { backend: 'fake', model: 'scripted', embeddingDimensions: this.embedText('x').length }
  }

  async *streamChat(messages: ChatMessage[], options: GenerationOptions): AsyncGenerator<string> {
    const reply = await this.answer({ kind: 'chat', messages }, options)
    for (const word of reply.split(/(?<= )/)) {
      if (options.signal?.aborted) throw new Error('aborted')
      yield word
    }
  }

  completeJson(
    messages: ChatMessage[],
    jsonSchema: Record<string, unknown>,
    options: GenerationOptions
  ): Promise<string> {
    return this.answer({ kind: 'json', messages, jsonSchema }, options)
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedText(text))
  }

  async dispose(): Promise<void> {
    this.disposed = true
  }

  private async answer(request: ScriptedRequest, options: GenerationOptions): Promise<string> {
    this.requests.push(request)
    if (options.signal?.aborted) throw new Error('aborted')
    const reply = this.respond(request)
    if (typeof reply === 'string') return reply
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
      reply.then(resolve, reject)
    })
  }
}

/** A deterministic bag-of-words embedding (64 dimensions): similar texts get similar vectors. */
export function hashEmbedding(text: string): number[] {
  const vector = new Array<number>(64).fill(0)
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let hash = 2166136261
    for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619)
    vector[Math.abs(hash) % 64]! += 1
  }
  const norm = Math.hypot(...vector) || 1
  return vector.map((value) => value / norm)
}
