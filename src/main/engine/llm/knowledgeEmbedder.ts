/**
 * The knowledge store's embedding model (knowledge/vectors/entryEmbedder.ts) made from the language model in use:
 * the same embeddings that dedupe and learning use, through the model's runtime.
 */
import { createHash } from 'node:crypto'
import type { Logger } from '../host'
import type { EntryEmbedder } from '../knowledge/vectors/entryEmbedder'
import type { LlmRuntime } from './llmRuntime'

/**
 * A single text (a search query, or one entry being written) waits at most this long for its vector; past it the
 * call fails and the search is full text, so a slow or hung model never holds retrieval for long.
 */
export const singleEmbedTimeoutMs = 2_000

/** Embedded once when the model is chosen: its vector's length and rounded values name the embedding model. */
const probeText = 'Vigil embedding probe: customer cannot sign in after the password reset.'

/**
 * An embedder for `runtime`, or null (said once in the log) when the model gives no embeddings: the store then
 * stays on full-text search. Its `model` names the backend, the model and a fingerprint of the probe's vector, so
 * that vectors saved from another embedding model (a remote server's embedding model changed behind the same chat
 * model) are derived again rather than mixed.
 */
export async function knowledgeEmbedder(
  runtime: LlmRuntime,
  logger: Logger,
  /**
   * Where batches of entries are embedded (the engine passes the runtime behind its concurrency gate, so the
   * background work queues with other model calls); single texts go to `runtime` directly. Default `runtime`.
   */
  batches: LlmRuntime = runtime
): Promise<EntryEmbedder | null> {
  let probe: number[]
  try {
    const vectors = await batches.embed([probeText])
    probe = vectors[0] ?? []
    if (probe.length === 0 || probe.some((value) => !Number.isFinite(value)))
      throw new Error('the model returned no usable vector')
  } catch (error) {
    logger.warn('knowledge: the model gives no embeddings; knowledge search stays full text', {
      model: runtime.info.model,
      error: String(error)
    })
    return null
  }
  const fingerprint = createHash('sha256')
    .update(probe.map((value) => value.toFixed(2)).join(','))
    .digest('hex')
    .slice(0, 12)
  return {
    model: `${runtime.info.backend}/${runtime.info.model}#${fingerprint}`,
    dimensions: probe.length,
    embed: (texts) =>
      texts.length === 1
        ? runtime.embed(texts, { signal: AbortSignal.timeout(singleEmbedTimeoutMs) })
        : batches.embed(texts)
  }
}
