import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxBodyBytes } from '../../src/main/serve/api'
import { send } from './httpClient'
import { startFixture, type ServeFixture } from './serveFixture'

let fixture: ServeFixture
let headers: Record<string, string>

beforeAll(async () => {
  fixture = await startFixture()
  headers = { authorization: `Bearer ${fixture.server.token}`, 'content-type': 'application/json' }
})
afterAll(() => fixture.close())

const call = (body: string, extraHeaders: Record<string, string> = {}) =>
  send(fixture.server.port, '/api/call', { method: 'POST', headers: { ...headers, ...extraHeaders }, body })

describe('POST /api/call', () => {
  it('answers 401 without the token and never reaches the engine', async () => {
    const before = fixture.engine.calls.length
    const reply = await call('{"route":"engine.status","input":{}}', { authorization: '' })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(fixture.engine.calls.length).toBe(before)
  })

  it('dispatches the route and input to the engine and answers its Result', async () => {
    const reply = await call(JSON.stringify({ route: 'echo.input', input: { ticketId: 'T-1' } }))
    expect(reply.status).toBe(200)
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(reply.body)).toEqual({
      ok: true,
      value: { route: 'echo.input', input: { ticketId: 'T-1' } }
    })
  })

  it('passes an empty object when the input is left out', async () => {
    const reply = await call('{"route":"echo.input"}')
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { route: 'echo.input', input: {} } })
  })

  it('answers 200 with the engine error for a business failure', async () => {
    const reply = await call('{"route":"nope.nothing","input":{}}')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } })
  })

  it('answers 400 BAD_INPUT to a body that is not JSON', async () => {
    const reply = await call('{"route":')
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
  })

  it('answers 400 BAD_INPUT to JSON without a route', async () => {
    const reply = await call('{"input":{}}')
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).error.code).toBe('BAD_INPUT')
  })

  it('requires Content-Type application/json', async () => {
    const reply = await call('{"route":"engine.status"}', { 'content-type': 'text/plain' })
    expect(reply.status).toBe(415)
    expect(JSON.parse(reply.body).error.code).toBe('BAD_INPUT')
  })

  it('refuses a body over the limit (a largest bundle file as base64) with 413 before calling the engine', async () => {
    const before = fixture.engine.calls.length
    const input = 'x'.repeat(maxBodyBytes)
    const reply = await call(JSON.stringify({ route: 'echo.input', input }))
    expect(reply.status).toBe(413)
    expect(fixture.engine.calls.length).toBe(before)
  })

  it('answers 405 to a GET', async () => {
    const reply = await send(fixture.server.port, '/api/call', { headers })
    expect(reply.status).toBe(405)
  })
})
