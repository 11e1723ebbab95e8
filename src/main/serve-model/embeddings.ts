/** `POST /v1/embeddings`: one vector per input text, as numbers or (as OpenAI's Python client asks) base64 floats. */
import { EmbeddingRequest } from './openAiRequests'
import { readJsonBody, sendJson } from './httpExchange'
import type { Exchange, ModelRouteContext } from './routeContext'

export async function embeddings(context: ModelRouteContext, exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request, context.maxBodyBytes, EmbeddingRequest)
  const texts = typeof body.input === 'string' ? [body.input] : body.input
  const vectors = await context.embeddingQueue.run(
    () => context.backend.embed(texts, { signal: exchange.signal }),
    exchange.signal
  )
  sendJson(exchange.response, 200, {
    object: 'list',
    model: context.modelId,
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: body.encoding_format === 'base64' ? toBase64(vector) : vector
    })),
    // The backend does not count tokens; the fields are there because clients expect them.
    usage: { prompt_tokens: 0, total_tokens: 0 }
  })
}

/** Little-endian float32, the encoding OpenAI's `encoding_format: "base64"` uses. */
function toBase64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4)
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4))
  return buffer.toString('base64')
}
