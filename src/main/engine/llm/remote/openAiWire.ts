/**
 * The parts of OpenAI-compatible answers Vigil reads, as zod schemas: a server's answer crosses a boundary and is
 * checked like any other input. Unknown fields are ignored, so servers that add their own still pass.
 */
import { z } from 'zod'
import { malformedResponse, remoteError, type RemoteContext } from './httpErrors'

export const ChatCompletionChunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish()
      })
    )
    .default([])
})

export const ChatCompletion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish()
      })
    )
    .min(1)
})

export const EmbeddingList = z.object({
  data: z.array(
    z.object({ embedding: z.array(z.number()), index: z.number().int().nonnegative().optional() })
  )
})

/** Reads a 2xx body as JSON of the given shape, or fails with a message naming what was wrong with it. */
export async function readJsonAnswer<T>(
  response: Response,
  schema: z.ZodType<T>,
  context: RemoteContext
): Promise<T> {
  const contentType = response.headers.get('content-type') ?? ''
  const body = await response.text()
  return parseJsonAnswer(body, contentType, schema, context)
}

export function parseJsonAnswer<T>(
  body: string,
  contentType: string,
  schema: z.ZodType<T>,
  context: RemoteContext
): T {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw malformedResponse('the body is not JSON', contentType, body, context)
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue?.path.join('.') || 'the answer'
  throw malformedResponse(`${where}: ${issue?.message ?? 'unexpected shape'}`, contentType, body, context)
}

/** The vectors in the order of the texts (servers may answer out of order), one per text, all of one size. */
export function vectorsInOrder(
  answer: z.infer<typeof EmbeddingList>,
  expected: number,
  context: RemoteContext
): number[][] {
  const vectors = answer.data
    .map((item, position) => ({ index: item.index ?? position, embedding: item.embedding }))
    .sort((a, b) => a.index - b.index)
    .map((item) => item.embedding)
  const size = vectors[0]?.length ?? 0
  if (vectors.length !== expected || size === 0 || vectors.some((vector) => vector.length !== size)) {
    throw remoteError(
      `The model server at ${context.server} returned ${vectors.length} embeddings for ${expected} texts, or vectors of unequal size.`,
      { server: context.server }
    )
  }
  return vectors
}
