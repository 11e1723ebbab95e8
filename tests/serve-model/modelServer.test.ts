import { describe, expect, it } from 'vitest'
import { ScriptedBackend } from '../../src/main/engine/llm/scriptedBackend'
import { startModelServer } from '../../src/main/serve-model/modelServer'
import { serve, sseData } from './modelServerFixture'

const echo = () =>
  new ScriptedBackend((request) => (request.kind === 'json' ? '{"ok":true}' : 'Once upon a time'))
const hello = { model: 'any', messages: [{ role: 'user', content: 'Hello' }] }

describe('model server: access', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
    ['an empty bearer', '']
  ])('answers 401 in OpenAI error format with %s, on every path', async (_name, token) => {
    const { call } = await serve(echo())
    for (const path of ['/v1/models', '/v1/chat/completions', '/v1/nowhere']) {
      const reply = await call(path, { token, ...(path === '/v1/models' ? {} : { body: hello }) })
      expect(reply.status).toBe(401)
      expect(reply.headers.get('www-authenticate')).toBe('Bearer')
      expect(reply.json()).toEqual({
        error: {
          message: expect.stringMatching(/bearer token/),
          type: 'authentication_error',
          param: null,
          code: 'invalid_api_key'
        }
      })
    }
  })

  it('uses the given token, and a random one per start otherwise', async () => {
    const given = await serve(echo(), { token: 'a-token-of-sixteen-chars' })
    expect(given.server.token).toBe('a-token-of-sixteen-chars')
    expect((await given.call('/v1/models')).status).toBe(200)
    const first = await serve(echo())
    const second = await serve(echo())
    expect(first.server.token).toMatch(/^[\w-]{43}$/)
    expect(first.server.token).not.toBe(second.server.token)
  })

  it('binds to 127.0.0.1 by default and refuses a network address unless allowed', async () => {
    const { server } = await serve(echo())
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    await expect(startModelServer({ backend: echo(), host: '0.0.0.0' })).rejects.toThrow(
      /only loopback addresses/
    )
  })
})

describe('model server: the OpenAI endpoints', () => {
  it('lists the one model', async () => {
    const { call } = await serve(echo(), { modelId: 'stories.gguf' })
    const reply = await call('/v1/models')
    expect(reply.json()).toMatchObject({
      object: 'list',
      data: [{ id: 'stories.gguf', object: 'model', owned_by: 'vigil' }]
    })
  })

  it('answers a chat completion without streaming, passing messages and limits to the backend', async () => {
    const backend = echo()
    const { call } = await serve(backend, { modelId: 'm' })
    const reply = await call('/v1/chat/completions', {
      body: {
        model: 'm',
        max_tokens: 40,
        messages: [
          { role: 'developer', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hello ' },
              { type: 'text', text: 'there' }
            ]
          }
        ]
      }
    })
    expect(reply.status).toBe(200)
    expect(reply.json()).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      model: 'm',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Once upon a time' }, finish_reason: 'stop' }
      ]
    })
    expect(backend.requests[0]).toEqual({
      kind: 'chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' }
      ]
    })
  })

  it('streams chunks as server-sent events in the OpenAI format, ended by [DONE]', async () => {
    const { call } = await serve(echo(), { modelId: 'm' })
    const reply = await call('/v1/chat/completions', { body: { ...hello, stream: true } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const data = sseData(reply.text)
    expect(data.at(-1)).toBe('[DONE]')
    const chunks = data.slice(0, -1).map((text) => JSON.parse(text))
    for (const chunk of chunks)
      expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'm', id: chunks[0].id })
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' })
    expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' })
    const text = chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')
    expect(text).toBe('Once upon a time')
    expect(chunks.length).toBeGreaterThan(3)
  })

  it('runs response_format json_schema through the backend’s structured path with the client’s schema', async () => {
    const backend = echo()
    const { call } = await serve(backend)
    const schema = {
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
      additionalProperties: false
    }
    const format = { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } }
    const reply = await call('/v1/chat/completions', { body: { ...hello, response_format: format } })
    expect((reply.json().choices as { message: { content: string } }[])[0]?.message.content).toBe(
      '{"ok":true}'
    )
    expect(backend.requests[0]).toMatchObject({ kind: 'json', jsonSchema: schema })

    const streamed = await call('/v1/chat/completions', {
      body: { ...hello, stream: true, response_format: format }
    })
    const chunks = sseData(streamed.text)
      .slice(0, -1)
      .map((text) => JSON.parse(text))
    expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe('{"ok":true}')

    await call('/v1/chat/completions', { body: { ...hello, response_format: { type: 'json_object' } } })
    expect(backend.requests[2]).toMatchObject({
      kind: 'json',
      jsonSchema: { type: 'object', additionalProperties: true }
    })
  })

  it('embeds a string or an array, as floats or base64', async () => {
    const backend = echo()
    const { call } = await serve(backend, { modelId: 'm' })
    const one = await call('/v1/embeddings', { body: { model: 'm', input: 'printer offline' } })
    expect(one.json()).toMatchObject({
      object: 'list',
      model: 'm',
      data: [{ object: 'embedding', index: 0 }]
    })
    const vector = (one.json().data as { embedding: number[] }[])[0]!.embedding
    expect(vector).toHaveLength(64)
    expect(vector).toEqual((await backend.embed(['printer offline']))[0])

    const many = await call('/v1/embeddings', {
      body: { input: ['a b', 'c d', 'e'], encoding_format: 'base64' }
    })
    const data = many.json().data as { index: number; embedding: string }[]
    expect(data.map((item) => item.index)).toEqual([0, 1, 2])
    const decoded = Buffer.from(data[1]!.embedding, 'base64')
    const floats = Array.from({ length: decoded.length / 4 }, (_, i) => decoded.readFloatLE(i * 4))
    const expected = (await backend.embed(['c d']))[0]!
    floats.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6))
  })
})
