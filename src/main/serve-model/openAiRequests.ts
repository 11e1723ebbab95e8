/**
 * The requests `vigil serve-model` accepts, as zod schemas: the subset of OpenAI's API that Vigil and common
 * clients use. Unknown fields (top_p, user, seed...) are ignored; what cannot be honoured is refused clearly.
 */
import { z } from 'zod'
import type { ChatMessage } from '../engine/llm/llmRuntime'

const TextPart = z.object({ type: z.literal('text'), text: z.string() })

const Message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: z.union([z.string(), z.array(TextPart).min(1)])
  })
  .transform(
    (message): ChatMessage => ({
      // `developer` is OpenAI's newer name for the system role.
      role: message.role === 'developer' ? 'system' : message.role,
      content:
        typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('')
    })
  )

const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().max(64),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().nullish()
    })
  })
])

const TokenCount = z.number().int().min(1).max(131_072)

export const ChatCompletionRequest = z.object({
  model: z.string().max(256).optional(),
  messages: z.array(Message).min(1).max(1_000),
  stream: z.boolean().nullish(),
  max_tokens: TokenCount.nullish(),
  max_completion_tokens: TokenCount.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  response_format: ResponseFormat.optional(),
  n: z.literal(1, { error: 'only n = 1 is supported' }).nullish()
})
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>

export const EmbeddingRequest = z.object({
  model: z.string().max(256).optional(),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2_048)], {
    error:
      'input must be a non-empty string or an array of non-empty strings (token arrays are not supported)'
  }),
  encoding_format: z.enum(['float', 'base64']).default('float')
})
export type EmbeddingRequest = z.infer<typeof EmbeddingRequest>
