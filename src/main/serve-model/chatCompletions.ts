/**
 * `POST /v1/chat/completions`: one JSON completion, or (`stream: true`) server-sent `chat.completion.chunk` events
 * ended by `[DONE]`. With `response_format` the backend's structured path runs, so a local model's output is
 * grammar-constrained to the schema.
 */
import { randomUUID } from 'node:crypto'
import type { GenerationOptions } from '../engine/llm/llmRuntime'
import { ChatCompletionRequest } from './openAiRequests'
import { errorBody, readJsonBody, sendJson, startEventStream } from './httpExchange'
import { unixSeconds, type Exchange, type ModelRouteContext } from './routeContext'

export async function chatCompletions(context: ModelRouteContext, exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request, context.maxBodyBytes, ChatCompletionRequest)
  const { backend } = context
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  const generation: GenerationOptions = {
    signal: exchange.signal,
    ...(maxTokens == null ? {} : { maxTokens }),
    ...(body.temperature == null ? {} : { temperature: body.temperature })
  }
  const jsonSchema = requestedSchema(body.response_format)
  const head = { id: `chatcmpl-${randomUUID()}`, created: unixSeconds(), model: context.modelId }

  if (!body.stream) {
    const content = await context.queue.run(async () => {
      if (jsonSchema) return backend.completeJson(body.messages, jsonSchema, generation)
      let text = ''
      for await (const piece of backend.streamChat(body.messages, generation)) text += piece
      return text
    }, exchange.signal)
    return sendJson(exchange.response, 200, {
      ...head,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }]
    })
  }

  const chunk = (delta: Record<string, string>, finishReason: string | null) => ({
    ...head,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }]
  })
  await context.queue.run(async () => {
    const pieces = jsonSchema
      ? (async function* () {
          yield await backend.completeJson(body.messages, jsonSchema, generation)
        })()
      : backend.streamChat(body.messages, generation)
    // The first piece comes before the status line, so a model that fails at once gets a real error status.
    let next = await pieces.next()
    const events = startEventStream(exchange.response)
    events.send(chunk({ role: 'assistant', content: '' }, null))
    try {
      for (; !next.done; next = await pieces.next()) events.send(chunk({ content: next.value }, null))
    } catch (error) {
      if (exchange.clientGone()) return
      // Past the status line a failure can only be told as an event, the way OpenAI does.
      events.send(errorBody(exchange.describe(error)))
      exchange.response.end()
      return
    }
    events.send(chunk({}, 'stop'))
    events.done()
  }, exchange.signal)
}

/** The JSON schema the output must match, if the client asked for JSON. */
function requestedSchema(
  format: ChatCompletionRequest['response_format']
): Record<string, unknown> | undefined {
  if (format?.type === 'json_schema') return format.json_schema.schema
  // Any JSON object: node-llama-cpp's grammar allows any members when additionalProperties is true.
  if (format?.type === 'json_object') return { type: 'object', additionalProperties: true }
  return undefined
}
