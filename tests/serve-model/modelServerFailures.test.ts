import { describe, expect, it } from 'vitest'
import { LlmError } from '../../src/main/engine/llm/llmError'
import type { ChatMessage, GenerationOptions, LlmBackend } from '../../src/main/engine/llm/llmRuntime'
import { ScriptedBackend } from '../../src/main/engine/llm/scriptedBackend'
import { serve, sseData } from './modelServerFixture'

const hello = { messages: [{ role: 'user', content: 'Hello' }] }
const echo = () => new ScriptedBackend(() => 'Once upon a time')

/** A backend whose chat yields "first", then waits until its signal aborts; it records what it saw. */
class HangingBackend implements LlmBackend {
  readonly info = { backend: 'fake' as const, model: 'hanging' }
  running = 0
  mostAtOnce = 0
  aborted = 0
  async *streamChat(_messages: ChatMessage[], options: GenerationOptions): AsyncGenerator<string> {
    this.running++
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running)
    try {
      yield 'first'
      await new Promise((_resolve, reject) =>
        options.signal?.addEventListener('abort', () => reject(new Error('aborted')))
      )
    } finally {
      if (options.signal?.aborted) this.aborted++
      this.running--
    }
  }
  completeJson(): Promise<string> {
    return Promise.resolve('{}')
  }
  embed(): Promise<number[][]> {
    return Promise.resolve([[1]])
  }
  dispose(): Promise<void> {
    return Promise.resolve()
  }
}

const error = (reply: { json: () => Record<string, unknown> }) =>
  reply.json()['error'] as Record<string, unknown>
const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}

describe('model server: bad requests', () => {
  it.each([
    ['a body that is not JSON', '{"messages": [', /^The request body is not valid JSON\.$/, null],
    ['no messages', { model: 'm' }, /^Invalid request: messages: /, 'messages'],
    [
      'an unknown role',
      { messages: [{ role: 'wizard', content: 'hi' }] },
      /^Invalid request: messages\.0\.role: /,
      'messages.0.role'
    ],
    ['n above 1', { ...hello, n: 3 }, /only n = 1 is supported/, 'n'],
    ['a negative max_tokens', { ...hello, max_tokens: -1 }, /^Invalid request: max_tokens: /, 'max_tokens']
  ])('answers 400 in OpenAI error format to %s', async (_name, body, message, param) => {
    const backend = echo()
    const { call } = await serve(backend)
    const reply = await call('/v1/chat/completions', { body })
    expect(reply.status).toBe(400)
    expect(error(reply)).toMatchObject({
      message: expect.stringMatching(message),
      type: 'invalid_request_error',
      param
    })
    expect(backend.requests).toEqual([])
  })

  it('answers 400 to embeddings of token arrays or empty input', async () => {
    const { call } = await serve(echo())
    for (const input of [[[1, 2, 3]], [], '']) {
      const reply = await call('/v1/embeddings', { body: { input } })
      expect(reply.status).toBe(400)
      expect(error(reply)['message']).toMatch(/^Invalid request: input/)
    }
  })

  it('answers 413 to a body over the limit', async () => {
    const { call } = await serve(echo(), { maxBodyBytes: 1_000 })
    const reply = await call('/v1/chat/completions', {
      body: { messages: [{ role: 'user', content: 'x'.repeat(5_000) }] }
    })
    expect(reply.status).toBe(413)
    expect(error(reply)['message']).toBe('The request body is larger than 1000 bytes.')
  })

  it('answers 404 to an unknown path and 405 to a wrong method', async () => {
    const { call } = await serve(echo())
    expect((await call('/v1/completions', { body: hello })).status).toBe(404)
    const wrongMethod = await call('/v1/chat/completions')
    expect(wrongMethod.status).toBe(405)
    expect(error(wrongMethod)['message']).toBe('/v1/chat/completions takes POST requests.')
  })
})

describe('model server: one generation at a time', () => {
  it('queues concurrent requests so they never run together', async () => {
    let running = 0
    let mostAtOnce = 0
    const backend = new ScriptedBackend(async () => {
      mostAtOnce = Math.max(mostAtOnce, ++running)
      await new Promise((resolve) => setTimeout(resolve, 30))
      running--
      return 'done'
    })
    const { call } = await serve(backend)
    const replies = await Promise.all([1, 2, 3].map(() => call('/v1/chat/completions', { body: hello })))
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200])
    expect(mostAtOnce).toBe(1)
  })

  it('answers 429 with Retry-After when too many requests wait', async () => {
    const backend = new HangingBackend()
    const { call } = await serve(backend, { maxWaiting: 0 })
    const controller = new AbortController()
    const first = call('/v1/chat/completions', {
      body: { ...hello, stream: true },
      signal: controller.signal
    }).catch(() => undefined)
    await waitFor(() => backend.running === 1)
    const second = await call('/v1/chat/completions', { body: hello })
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('2')
    expect(error(second)).toMatchObject({ type: 'rate_limit_error', code: 'model_busy' })
    controller.abort()
    await first
  })

  it('aborts the generation when the client disconnects, and serves the next one', async () => {
    const backend = new HangingBackend()
    const { server, call } = await serve(backend)
    const controller = new AbortController()
    const response = await fetch(`http://127.0.0.1:${server.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ ...hello, stream: true }),
      signal: controller.signal
    })
    const reader = response.body!.getReader()
    const firstEvents = new TextDecoder().decode((await reader.read()).value)
    expect(firstEvents).toContain('data: ')
    controller.abort()
    await waitFor(() => backend.aborted === 1 && backend.running === 0)
    expect((await call('/v1/embeddings', { body: { input: 'x' } })).status).toBe(200)
  })

  it('stops a request past the time limit with 504', async () => {
    const backend = new ScriptedBackend(() => new Promise<string>(() => {}))
    const { call } = await serve(backend, { requestTimeoutMs: 100 })
    const reply = await call('/v1/chat/completions', { body: hello })
    expect(reply.status).toBe(504)
    expect(error(reply)).toMatchObject({ code: 'timeout', message: expect.stringContaining('100 ms') })
  })
})

describe('model server: backend failures', () => {
  it('answers 503 when the model is unavailable, before any stream starts', async () => {
    const backend = new ScriptedBackend(() => {
      throw new LlmError(
        'LLM_UNAVAILABLE',
        'The local model stories.gguf was unloaded; load it again to use it.'
      )
    })
    const { call } = await serve(backend)
    const reply = await call('/v1/chat/completions', { body: { ...hello, stream: true } })
    expect(reply.status).toBe(503)
    expect(error(reply)['message']).toMatch(/was unloaded/)
  })

  it('reports a failure in the middle of a stream as an error event, without [DONE]', async () => {
    const backend: LlmBackend = {
      ...echo(),
      info: { backend: 'fake', model: 'm' },
      async *streamChat() {
        yield 'partial'
        throw new Error('the context is full')
      },
      completeJson: () => Promise.resolve('{}'),
      embed: () => Promise.resolve([]),
      dispose: () => Promise.resolve()
    }
    const { call } = await serve(backend)
    const reply = await call('/v1/chat/completions', { body: { ...hello, stream: true } })
    const data = sseData(reply.text)
    expect(data).not.toContain('[DONE]')
    expect(JSON.parse(data.at(-1)!)).toEqual({
      error: {
        message: 'The model failed: the context is full',
        type: 'server_error',
        param: null,
        code: 'model_error'
      }
    })
  })
})
