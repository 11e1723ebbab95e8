/**
 * How structured output is asked of a remote server, best first: `response_format: json_schema` (the server
 * constrains the output to the schema), `json_object` (any JSON), or plain instructions. A server that rejects one
 * is asked the next way; the output is validated against the schema by the runtime whichever way it was produced.
 */
import type { ChatMessage } from '../llmRuntime'
import { LlmError } from '../llmError'

export type JsonMode = 'json_schema' | 'json_object' | 'instructions'

export function nextJsonMode(mode: JsonMode): JsonMode | undefined {
  return mode === 'json_schema' ? 'json_object' : mode === 'json_object' ? 'instructions' : undefined
}

/** A 400 (or 422) whose message is about `response_format`: the server cannot do this mode. */
export function rejectsResponseFormat(error: unknown): boolean {
  if (!(error instanceof LlmError) || error.llmCode !== 'LLM_REMOTE_ERROR') return false
  const { status, serverMessage } = error.details
  return (
    (status === 400 || status === 422) &&
    typeof serverMessage === 'string' &&
    /response_format|json_schema|json_object/i.test(serverMessage)
  )
}

/** The request fields for one mode: the messages (with the schema spelled out where needed) and the format. */
export function jsonRequestFields(
  mode: JsonMode,
  messages: ChatMessage[],
  jsonSchema: Record<string, unknown>
): { messages: ChatMessage[]; response_format?: unknown } {
  const { $schema: _draft, ...schema } = jsonSchema
  if (mode === 'json_schema') {
    return {
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: schemaName(schema), schema, strict: true }
      }
    }
  }
  const instruction = `Reply with only one JSON value matching this JSON schema, and no other text:\n${JSON.stringify(schema)}`
  return {
    messages: withSystemInstruction(messages, instruction),
    ...(mode === 'json_object' ? { response_format: { type: 'json_object' } } : {})
  }
}

/** Many chat templates accept one system message, first: extend it rather than add another. */
function withSystemInstruction(messages: ChatMessage[], instruction: string): ChatMessage[] {
  const [first, ...rest] = messages
  if (first?.role === 'system')
    return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest]
  return [{ role: 'system', content: instruction }, ...messages]
}

/** OpenAI requires `^[a-zA-Z0-9_-]{1,64}$`. */
function schemaName(schema: Record<string, unknown>): string {
  const title = typeof schema['title'] === 'string' ? schema['title'].replace(/[^a-zA-Z0-9_-]+/g, '_') : ''
  return title.slice(0, 64) || 'response'
}
