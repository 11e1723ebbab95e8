/**
 * Reads a streamed chat completion: server-sent events carrying `chat.completion.chunk` objects, ended by
 * `data: [DONE]`. A server that ignores `stream: true` and answers with one JSON completion is read as well.
 */
import { httpFailure, malformedResponse, remoteError, serverMessage, type RemoteContext } from './httpErrors'
import { ChatCompletion, ChatCompletionChunk, parseJsonAnswer, readJsonAnswer } from './openAiWire'
import { MalformedStreamError, readServerSentEvents } from './serverSentEvents'

export async function* readChatStream(response: Response, context: RemoteContext): AsyncGenerator<string> {
  const contentType = response.headers.get('content-type') ?? ''
  if (/application\/json/i.test(contentType)) {
    const completion = await readJsonAnswer(response, ChatCompletion, context)
    const content = completion.choices[0]!.message.content
    if (content) yield content
    return
  }
  if (!response.body || !/text\/event-stream/i.test(contentType)) {
    const body = await response.text()
    throw malformedResponse(
      `expected an event stream, got "${contentType || 'no content type'}"`,
      contentType,
      body,
      context
    )
  }
  let finished = false
  try {
    for await (const data of readServerSentEvents(response.body)) {
      if (data.trim() === '[DONE]') return
      const chunk = parseEvent(data, context)
      for (const choice of chunk.choices.slice(0, 1)) {
        if (choice.delta?.content) yield choice.delta.content
        if (choice.finish_reason) finished = true
      }
    }
  } catch (error) {
    if (error instanceof MalformedStreamError)
      throw malformedResponse(error.message, contentType, '', context)
    throw error
  }
  // Without `[DONE]` or a finish reason the answer was cut off: a half answer must not pass as a whole one.
  if (!finished)
    throw malformedResponse('the stream ended before the answer was complete', contentType, '', context)
}

function parseEvent(data: string, context: RemoteContext) {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    throw malformedResponse(`an event of the stream is not JSON: "${data.slice(0, 80)}"`, '', '', context)
  }
  // Servers report a failure in the middle of a stream as an event holding an `error` object.
  if (json !== null && typeof json === 'object' && 'error' in json) {
    const said = serverMessage(data, context.apiKey)
    const status = Number((json.error as { code?: unknown } | null)?.code)
    if (status >= 400 && status <= 599) {
      throw httpFailure({ status, contentType: 'application/json', body: data, retries: 0 }, context)
    }
    throw remoteError(
      `The model server at ${context.server} failed while answering: "${said ?? 'no reason given'}".`,
      {
        server: context.server,
        serverMessage: said ?? ''
      }
    )
  }
  return parseJsonAnswer(data, 'application/json', ChatCompletionChunk, context)
}
