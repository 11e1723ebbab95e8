import { afterEach, describe, expect, it } from 'vitest'
import { LlmError } from '../../../../src/main/engine/llm/llmError'
import { createRemoteBackend } from '../../../../src/main/engine/llm/remote/remoteBackend'
import { chunkEvents, completion, sendJson, startFakeServer, type FakeServer } from './fakeOpenAiServer'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const collect = async (chunks: AsyncGenerator<string>): Promise<string[]> => {
  const out: string[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}
const hello = [{ role: 'user' as const, content: 'Hello' }]

describe('remote backend: streamed chat', () => {
  it('parses server-sent events written in odd pieces and sends the key as a bearer token', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' })
      // CRLF line ends, split in the middle of an event and between "\r" and "\n".
      const body = chunkEvents(['Once', ' upon', ' a time']).replace(/\n/g, '\r\n')
      const pieces = [body.slice(0, 7), body.slice(7, 60), body.slice(60, body.indexOf('\r\n', 80) + 1)]
      pieces.push(body.slice(pieces.join('').length))
      for (const piece of pieces) response.write(piece)
      response.end()
    })
    const backend = createRemoteBackend({ baseUrl: `${server.baseUrl}/`, model: 'tiny', apiKey: 'sk-secret' })

    expect(await collect(backend.streamChat(hello, { maxTokens: 20 }))).toEqual(['Once', ' upon', ' a time'])
    const [request] = server.requests
    expect(request?.path).toBe('/v1/chat/completions')
    expect(request?.headers.authorization).toBe('Bearer sk-secret')
    expect(request?.body).toMatchObject({
      model: 'tiny',
      messages: hello,
      stream: true,
      max_tokens: 20,
      temperature: 0
    })
  })

  it('sends no Authorization header without a key', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' })
      response.end(chunkEvents(['ok']))
    })
    await collect(createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' }).streamChat(hello, {}))
    expect(server.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('reads a server that ignores stream: true and answers with one completion', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 200, completion('whole answer'))
    )
    const backend = createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' })
    expect(await collect(backend.streamChat(hello, {}))).toEqual(['whole answer'])
  })

  it.each([
    [
      'an event that is not JSON',
      'data: {"choices": [\n\n',
      /malformed answer \(an event of the stream is not JSON/
    ],
    [
      'a stream cut off before its end',
      'data: {"choices":[{"delta":{"content":"half an answer"}}]}\n\n',
      /ended before the answer was complete/
    ],
    [
      'an error event in the middle',
      'data: {"error":{"message":"CUDA out of memory","code":null}}\n\n',
      /failed while answering: "CUDA out of memory"/
    ]
  ])('fails clearly on %s', async (_name, body, message) => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' })
      response.end(body)
    })
    const backend = createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' })
    const error = await collect(backend.streamChat(hello, {})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LlmError)
    expect((error as LlmError).llmCode).toBe('LLM_REMOTE_ERROR')
    expect((error as LlmError).message).toMatch(message)
  })
})

describe('remote backend: embeddings', () => {
  it('posts the texts to /embeddings with the embedding model and returns vectors in input order', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 200, {
        object: 'list',
        data: [
          { object: 'embedding', index: 1, embedding: [0, 1, 0] },
          { object: 'embedding', index: 0, embedding: [1, 0, 0] }
        ]
      })
    )
    const backend = createRemoteBackend({ baseUrl: server.baseUrl, model: 'chat', embeddingModel: 'embed' })

    expect(await backend.embed(['first', 'second'], {})).toEqual([
      [1, 0, 0],
      [0, 1, 0]
    ])
    expect(server.requests[0]?.path).toBe('/v1/embeddings')
    expect(server.requests[0]?.body).toEqual({ model: 'embed', input: ['first', 'second'] })
    expect(backend.info.embeddingDimensions).toBe(3)
  })

  it('refuses an answer with fewer vectors than texts', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 200, { data: [{ index: 0, embedding: [1, 0] }] })
    )
    const backend = createRemoteBackend({ baseUrl: server.baseUrl, model: 'chat' })
    await expect(backend.embed(['a', 'b'], {})).rejects.toThrow(/returned 1 embeddings for 2 texts/)
  })
})
