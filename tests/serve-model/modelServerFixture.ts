/** Starts the model server on loopback around a test backend and talks to it the way an OpenAI client would. */
import { afterEach } from 'vitest'
import type { LlmBackend } from '../../src/main/engine/llm/llmRuntime'
import {
  startModelServer,
  type ModelServer,
  type ModelServerOptions
} from '../../src/main/serve-model/modelServer'

const running: ModelServer[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()))
})

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: () => Record<string, unknown>
}

export async function serve(backend: LlmBackend, options: Partial<ModelServerOptions> = {}) {
  const server = await startModelServer({ backend, ...options })
  running.push(server)
  const call = async (
    path: string,
    init: { method?: string; body?: unknown; token?: string | null; signal?: AbortSignal } = {}
  ): Promise<Reply> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    const token = init.token === undefined ? server.token : init.token
    if (token !== null) headers['Authorization'] = `Bearer ${token}`
    const response = await fetch(`${server.url.replace(/\/v1$/, '')}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {})
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) }
  }
  return { server, call }
}

/** The `data:` payloads of a server-sent-event body, `[DONE]` included, checking every event is one data line. */
export function sseData(body: string): string[] {
  expectEndsWith(body, '\n\n')
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((event) => {
      if (!event.startsWith('data: ') || event.includes('\n'))
        throw new Error(`not a single data line: ${event}`)
      return event.slice(6)
    })
}

function expectEndsWith(body: string, end: string): void {
  if (!body.endsWith(end))
    throw new Error(`the stream does not end with a blank line: ${JSON.stringify(body.slice(-20))}`)
}
