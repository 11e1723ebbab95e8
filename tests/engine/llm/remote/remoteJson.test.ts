import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createLlmRuntime } from '../../../../src/main/engine/llm/createLlmRuntime'
import { createRemoteBackend } from '../../../../src/main/engine/llm/remote/remoteBackend'
import { completion, openAiError, sendJson, startFakeServer, type FakeServer } from './fakeOpenAiServer'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const Verdict = z.object({ answerable: z.boolean(), reason: z.string() })
const verdictSchema = { name: 'verdict.v1', schema: Verdict }
const ask = [{ role: 'user' as const, content: 'Is this answerable?' }]
const formatOf = (body: Record<string, unknown>) =>
  (body['response_format'] as { type?: string } | undefined)?.type

describe('remote backend: structured output', () => {
  it('asks for response_format json_schema (strict) and the runtime validates the answer', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 200, completion('{"answerable":true,"reason":"entry 3 matches"}'))
    )
    const runtime = createLlmRuntime(createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' }))

    expect(await runtime.structured(ask, verdictSchema)).toEqual({
      answerable: true,
      reason: 'entry 3 matches'
    })
    const body = server.requests[0]!.body
    expect(body['stream']).toBe(false)
    expect(body['max_tokens']).toBe(256)
    expect(body['response_format']).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        strict: true,
        schema: { type: 'object', required: ['answerable', 'reason'] }
      }
    })
    expect(body['messages']).toEqual(ask)
  })

  it('falls back to json_object, then to instructions, and remembers what the server supports', async () => {
    server = await startFakeServer((request, response) => {
      const format = formatOf(request.body)
      if (format === 'json_schema')
        return sendJson(
          response,
          400,
          openAiError("Invalid parameter: 'response_format' of type 'json_schema' is not supported")
        )
      if (format === 'json_object')
        return sendJson(response, 400, { error: 'json_object response_format unsupported' })
      sendJson(response, 200, completion('Sure! {"answerable":false,"reason":"no source matches"}'))
    })
    const runtime = createLlmRuntime(createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' }))

    expect(await runtime.structured(ask, verdictSchema)).toEqual({
      answerable: false,
      reason: 'no source matches'
    })
    expect(server.requests.map((r) => formatOf(r.body))).toEqual(['json_schema', 'json_object', undefined])
    // Without response_format the schema is spelled out in a system message.
    const messages = server.requests[2]!.body['messages'] as { role: string; content: string }[]
    expect(messages[0]?.role).toBe('system')
    expect(messages[0]?.content).toContain('"answerable"')
    expect(messages.at(-1)).toEqual(ask[0])

    await runtime.structured(ask, verdictSchema)
    expect(server.requests.map((r) => formatOf(r.body))).toEqual([
      'json_schema',
      'json_object',
      undefined,
      undefined
    ])
  })

  it('does not treat other 400 errors as a missing feature', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 400, openAiError("This model's maximum context length is 4096 tokens"))
    )
    const backend = createRemoteBackend({ baseUrl: server.baseUrl, model: 'm' })
    await expect(backend.completeJson(ask, { type: 'object' }, {})).rejects.toThrow(
      /rejected the request \(HTTP 400 Bad Request\): "This model's maximum context length is 4096 tokens"/
    )
    expect(server.requests).toHaveLength(1)
  })
})
