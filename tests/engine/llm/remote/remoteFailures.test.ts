import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createLlmRuntime } from '../../../../src/main/engine/llm/createLlmRuntime'
import { LlmError } from '../../../../src/main/engine/llm/llmError'
import {
  createRemoteBackend,
  type RemoteBackendOptions
} from '../../../../src/main/engine/llm/remote/remoteBackend'
import {
  chunkEvents,
  completion,
  openAiError,
  sendJson,
  startFakeServer,
  type FakeServer
} from './fakeOpenAiServer'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const ask = [{ role: 'user' as const, content: 'Hi' }]
const apiKey = 'sk-live-0123456789abcdef'
/** Records every wait instead of waiting. */
const recordingSleep = (waits: number[]) => async (ms: number) => void waits.push(ms)
const failure = async (promise: Promise<unknown>): Promise<LlmError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(LlmError)
  return error as LlmError
}
const backendFor = (options: Partial<RemoteBackendOptions> = {}) =>
  createRemoteBackend({ baseUrl: server!.baseUrl, model: 'llama3', apiKey, ...options })

describe('remote backend: retries', () => {
  it('waits as long as Retry-After says (seconds, then an HTTP date) after a 429, then succeeds', async () => {
    server = await startFakeServer((_request, response, index) => {
      if (index === 0)
        return sendJson(response, 429, openAiError('Rate limit reached'), { 'Retry-After': '2' })
      if (index === 1) {
        const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString()
        return sendJson(response, 429, openAiError('Rate limit reached'), { 'Retry-After': inFiveSeconds })
      }
      sendJson(response, 200, completion('{"ok":true}'))
    })
    const waits: number[] = []
    const backend = backendFor({ sleep: recordingSleep(waits) })

    expect(await backend.completeJson(ask, { type: 'object' }, {})).toBe('{"ok":true}')
    expect(server.requests).toHaveLength(3)
    expect(waits[0]).toBe(2_000)
    // An HTTP date has one-second precision: the wait is what remains until then.
    expect(waits[1]).toBeGreaterThan(3_500)
    expect(waits[1]).toBeLessThanOrEqual(5_000)
  })

  it('counts every request sent again after a 429 or 5xx as a model call', async () => {
    server = await startFakeServer((_request, response, index) => {
      if (index < 2) return sendJson(response, 503, openAiError('overloaded', 'server_error'))
      sendJson(response, 200, completion('{"ok":true}'))
    })
    const runtime = createLlmRuntime(backendFor({ sleep: recordingSleep([]) }))
    await runtime.structured(ask, { name: 'x', schema: z.object({ ok: z.boolean() }) })
    expect(server.requests).toHaveLength(3)
    expect(runtime.calls).toBe(3)
  })

  it('backs off exponentially with jitter on 5xx and gives up after maxRetries with LLM_REMOTE_ERROR', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 503, openAiError('The engine is currently overloaded', 'server_error'))
    )
    const waits: number[] = []
    const backend = backendFor({ sleep: recordingSleep(waits), random: () => 0.5, maxRetries: 3 })

    const error = await failure(backend.completeJson(ask, { type: 'object' }, {}))
    expect(error.llmCode).toBe('LLM_REMOTE_ERROR')
    expect(error.message).toMatch(/failed \(HTTP 503 Service Unavailable\) and still failed after 3 retries/)
    expect(error.message).toContain('The engine is currently overloaded')
    expect(server.requests).toHaveLength(4)
    // Base 500 ms doubling; half fixed, half jitter (random 0.5): 375, 750, 1500.
    expect(waits).toEqual([375, 750, 1500])
  })

  it('does not retry a 4xx other than 429', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 404, openAiError('model not found'))
    )
    const waits: number[] = []
    await failure(backendFor({ sleep: recordingSleep(waits) }).completeJson(ask, { type: 'object' }, {}))
    expect(server.requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('reports a Retry-After longer than it waits instead of waiting', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 429, openAiError('Quota exceeded'), { 'Retry-After': '3600' })
    )
    const waits: number[] = []
    const error = await failure(
      backendFor({ sleep: recordingSleep(waits) }).completeJson(ask, { type: 'object' }, {})
    )
    expect(error.message).toMatch(/asks to wait 3600 s before trying again/)
    expect(waits).toEqual([])
  })
})

describe('remote backend: failures a person can act on', () => {
  it('says the key was refused on 401 without ever showing the key, even when the server echoes it', async () => {
    server = await startFakeServer((request, response) =>
      sendJson(response, 401, openAiError(`Incorrect API key provided: ${request.headers.authorization}`))
    )
    const error = await failure(backendFor().completeJson(ask, { type: 'object' }, {}))
    expect(error.llmCode).toBe('LLM_REMOTE_ERROR')
    expect(error.message).toMatch(
      /refused the API key \(HTTP 401 Unauthorized\).*Check the API key in settings/
    )
    expect(error.message).not.toContain(apiKey)
    expect(JSON.stringify(error.details)).not.toContain(apiKey)
    expect(String(error.stack)).not.toContain(apiKey)
  })

  it('names the URL and the model on 404', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 404, { error: 'model "llama3" not found, try pulling it first' })
    )
    const error = await failure(backendFor().completeJson(ask, { type: 'object' }, {}))
    expect(error.message).toContain(`The model server at ${server.baseUrl} answered HTTP 404 Not Found`)
    expect(error.message).toMatch(/the server URL or the model "llama3" is wrong/)
  })

  it('recognises an HTML error page', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' })
      response.end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>')
    })
    const error = await failure(backendFor({ maxRetries: 0 }).completeJson(ask, { type: 'object' }, {}))
    expect(error.message).toMatch(/answered with an HTML page \(HTTP 502 Bad Gateway\) instead of JSON/)
    expect(error.message).not.toContain('<h1>')
  })

  it('recognises an HTML page served with status 200 (a proxy login page)', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end('<html><body>Please sign in</body></html>')
    })
    const error = await failure(backendFor().completeJson(ask, { type: 'object' }, {}))
    expect(error.message).toMatch(/answered with an HTML page \(HTTP 200 OK\)/)
  })

  it('says the host is unreachable when nothing listens', async () => {
    const port = await closedPort()
    const backend = createRemoteBackend({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', apiKey })
    const error = await failure(backend.embed(['x'], {}))
    expect(error.llmCode).toBe('LLM_REMOTE_ERROR')
    expect(error.message).toBe(
      `Cannot reach the model server at http://127.0.0.1:${port}/v1: connection refused, nothing is listening on that port. Check that the server is running and that the server URL in settings is right.`
    )
  })

  it('fails with LLM_TIMEOUT when the server does not answer in time', async () => {
    server = await startFakeServer(() => {
      // Never answers.
    })
    const started = Date.now()
    const error = await failure(backendFor({ timeoutMs: 200 }).completeJson(ask, { type: 'object' }, {}))
    expect(error.llmCode).toBe('LLM_TIMEOUT')
    expect(error.message).toMatch(/did not answer within 200 ms/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('fails with LLM_ABORTED when the caller aborts in the middle of a stream', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' })
      response.write(chunkEvents(['first']).split('\n\n').slice(0, 2).join('\n\n') + '\n\n')
      // ...and the rest never comes.
    })
    const runtime = createLlmRuntime(backendFor())
    const controller = new AbortController()
    const chunks: string[] = []
    const error = await failure(
      (async () => {
        for await (const chunk of runtime.chat(ask, { signal: controller.signal })) {
          chunks.push(chunk)
          controller.abort()
        }
      })()
    )
    expect(chunks).toEqual(['first'])
    expect(error.llmCode).toBe('LLM_ABORTED')
  })

  it('fails with LLM_TIMEOUT when the runtime’s time budget runs out first', async () => {
    server = await startFakeServer(() => {
      // Never answers.
    })
    const runtime = createLlmRuntime(backendFor({ timeoutMs: 60_000 }), { timeoutMs: 150 })
    const error = await failure(runtime.structured(ask, { name: 'x', schema: z.object({}) }))
    expect(error.llmCode).toBe('LLM_TIMEOUT')
  })

  it('rejects with the abort reason when used without the runtime, like fetch', async () => {
    server = await startFakeServer((_request, response) => sendJson(response, 200, completion('{}')))
    const aborted = backendFor().completeJson(ask, {}, { signal: AbortSignal.abort() })
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
    expect(server.requests).toHaveLength(0)
  })
})

async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}
