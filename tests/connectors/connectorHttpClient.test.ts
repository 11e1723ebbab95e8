import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectorError } from '../../src/main/engine/connectors/http/connectorError'
import { ConnectorHttpClient } from '../../src/main/engine/connectors/http/connectorHttpClient'
import type { ConnectorHttpClientOptions } from '../../src/main/engine/connectors/http/connectorHttpClient'
import { FakeServer, htmlErrorPage } from './helpers/fakeServer'

const token = 'zd-secret-token-0123456789abcdef'
let server: FakeServer
let waits: number[]

beforeEach(async () => {
  server = await FakeServer.start()
  waits = []
})
afterEach(() => server.close())

function client(overrides: Partial<ConnectorHttpClientOptions> = {}): ConnectorHttpClient {
  return new ConnectorHttpClient({
    system: 'Zendesk',
    apiBase: `${server.url}/api/v2`,
    token: async () => token,
    authorize: (value) => ({ authorization: `Bearer ${value}` }),
    secretKey: 'connection.zd.token',
    retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    ...overrides
  })
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(ConnectorError)
  const problem = error as ConnectorError
  expect(problem.message).not.toContain(token)
  return problem
}

describe('ConnectorHttpClient', () => {
  it('sends JSON with the token header and reads JSON', async () => {
    server.on('GET', '/api/v2/tickets/1.json', () => ({ json: { ticket: { id: 1 } } }))
    const response = await client().get('tickets/1.json', { query: { include: 'users', skip: undefined } })
    expect(response.json).toEqual({ ticket: { id: 1 } })
    const [request] = server.requests
    expect(request!.headers['authorization']).toBe(`Bearer ${token}`)
    expect(request!.query.toString()).toBe('include=users')
  })

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    let calls = 0
    server.on('GET', '/api/v2/search/export', () =>
      ++calls === 1
        ? { status: 429, json: { error: 'APIRateLimitExceeded' }, headers: { 'retry-after': '7' } }
        : { json: { results: [] } }
    )
    await client().get('search/export')
    expect(calls).toBe(2)
    expect(waits).toEqual([7_000])
  })

  it('backs off exponentially on 5xx and reports the failure after the last retry', async () => {
    server.on('GET', '/api/v2/tickets', () => ({ status: 503, json: { error: 'Service Unavailable' } }))
    const error = await failure(client().get('tickets'))
    expect(error.problem).toBe('server-error')
    expect(error.transient).toBe(true)
    expect(waits).toEqual([375, 750, 1_500])
    expect(error.message).toContain('HTTP 503')
  })

  it('does not repeat a POST after a 5xx (a note must not be posted twice)', async () => {
    server.on('POST', '/api/v2/notes', () => ({ status: 502, json: {} }))
    await failure(client().post('notes', { body: 'x' }))
    expect(server.requests).toHaveLength(1)
  })

  it('takes a proxy HTML error page (502) for an outage that passes, and says so', async () => {
    server.on('GET', '/api/v2/users/me.json', () => htmlErrorPage(502, 'Bad Gateway'))
    const error = await failure(client({ retry: { maxRetries: 1 } }).get('users/me.json'))
    expect(error.problem).toBe('server-error')
    expect(error.transient).toBe(true)
    expect(error.message).toMatch(
      /HTTP 502 Bad Gateway\) after 1 retries with an HTML error page instead of JSON/
    )
  })

  it('names an HTML page where JSON belongs (404 of a website) as a wrong URL', async () => {
    server.on('GET', '/api/v2/users/me.json', () => htmlErrorPage(404, 'Not Found'))
    const error = await failure(client().get('users/me.json'))
    expect(error.problem).toBe('html-page')
    expect(error.message).toMatch(
      /HTML page \(HTTP 404 Not Found\) instead of JSON: the URL points at a website/
    )
  })

  it('treats a 200 HTML page (a login page) as a wrong URL', async () => {
    server.on('GET', '/api/v2/users/me.json', () => ({
      status: 200,
      body: '<html><body>Sign in</body></html>'
    }))
    expect((await failure(client().get('users/me.json'))).problem).toBe('html-page')
  })

  it('says an expired token is refused, without echoing it', async () => {
    server.on('GET', '/api/v2/users/me.json', () => ({
      status: 401,
      json: { error: `Invalid token ${token}` }
    }))
    const error = await failure(client().get('users/me.json'))
    expect(error.problem).toBe('bad-token')
    expect(error.transient).toBe(false)
    expect(error.message).toMatch(/refused the token .*\[redacted\].*expired/)
  })

  it('says a permission is missing on 403', async () => {
    server.on('GET', '/api/v2/groups/7.json', () => ({
      status: 403,
      json: { error: 'Forbidden', description: 'You do not have access' }
    }))
    const error = await failure(client().get('groups/7.json'))
    expect(error.problem).toBe('forbidden')
    expect(error.message).toContain('lacks a permission')
  })

  it('explains a missing token before sending anything', async () => {
    const error = await failure(client({ token: async () => null }).get('tickets'))
    expect(error.problem).toBe('missing-token')
    expect(error.message).toContain('connection.zd.token')
    expect(server.requests).toHaveLength(0)
  })

  it('says nothing listens when the port is closed', async () => {
    const url = server.url
    await server.close()
    server = await FakeServer.start()
    const error = await failure(client({ apiBase: `${url}/api/v2`, retry: { maxRetries: 0 } }).get('tickets'))
    expect(error.problem).toBe('unreachable')
    expect(error.message).toContain('connection refused')
  })

  it('gives up on a server that does not answer in time', async () => {
    server.on(
      'GET',
      '/api/v2/slow',
      () => new Promise((resolve) => setTimeout(() => resolve({ json: {} }), 500))
    )
    const error = await failure(client({ timeoutMs: 50, retry: { maxRetries: 0 } }).get('slow'))
    expect(error.problem).toBe('timeout')
  })

  it('refuses an answer larger than the limit instead of holding it in memory', async () => {
    server.on('GET', '/api/v2/huge', () => ({ json: { text: 'x'.repeat(200_000) } }))
    const error = await failure(client({ maxResponseBytes: 100_000 }).get('huge'))
    expect(error.problem).toBe('malformed')
  })

  it('never sends the token to another origin (a next-page link pointing elsewhere)', async () => {
    const error = await failure(client().get('https://evil.example.com/api/v2/tickets'))
    expect(error.message).toContain('another server')
    expect(server.requests).toHaveLength(0)
  })

  it('reports a 2xx body that is not JSON as an unexpected answer', async () => {
    server.on('GET', '/api/v2/odd', () => ({
      status: 200,
      body: 'not json',
      headers: { 'content-type': 'text/plain' }
    }))
    expect((await failure(client().get('odd'))).problem).toBe('malformed')
  })
})
