/**
 * The context size a remote server reports for a model, read from its model list (`GET /models`). Servers name it
 * differently: vLLM `max_model_len`, OpenRouter and LM Studio `context_length`, llama.cpp's server `meta.n_ctx_train`
 * (and `n_ctx` in newer builds), some `context_window`. Anything missing, slow or malformed gives undefined: prompts
 * are then built to the default budget, never blocked.
 */

const contextFields = ['max_model_len', 'context_length', 'context_window', 'max_context_length', 'n_ctx']

export interface ServerContextOptions {
  baseUrl: string
  model: string
  apiKey?: string
  /** Default 5 000 ms: this is a hint, not worth holding up the model load. */
  timeoutMs?: number
  fetch?: typeof fetch
}

export async function serverContextSize(options: ServerContextOptions): Promise<number | undefined> {
  const doFetch = options.fetch ?? globalThis.fetch
  try {
    const response = await doFetch(`${options.baseUrl.replace(/\/+$/, '')}/models`, {
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000)
    })
    if (!response.ok) return undefined
    return contextSizeFromModelList(await response.json(), options.model)
  } catch {
    return undefined
  }
}

/** The model's context size in an OpenAI-style model list, or undefined. */
export function contextSizeFromModelList(body: unknown, model: string): number | undefined {
  const list = isRecord(body) && Array.isArray(body.data) ? body.data : Array.isArray(body) ? body : []
  const entry =
    list.find((item) => isRecord(item) && item.id === model) ?? (list.length === 1 ? list[0] : null)
  if (!isRecord(entry)) return undefined
  for (const holder of [entry, entry.meta, entry.top_provider]) {
    if (!isRecord(holder)) continue
    for (const field of [...contextFields, 'n_ctx_train']) {
      const value = holder[field]
      if (typeof value === 'number' && Number.isInteger(value) && value >= 256) return value
    }
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
