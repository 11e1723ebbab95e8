import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { PushEnvelope } from '../../src/shared/contract'
import { startFixture, type ServeFixture } from './serveFixture'

let fixture: ServeFixture

beforeAll(async () => {
  fixture = await startFixture({ keepAliveMs: 50 })
})
afterAll(() => fixture.close())

const socketUrl = (query = '') => `ws://127.0.0.1:${fixture.server.port}/api/events${query}`

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`))
    )
    socket.once('error', reject)
  })
}

function close(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('close', () => resolve())
    socket.close()
  })
}

const status: PushEnvelope = {
  event: 'knowledge.changed',
  payload: { team: 'cloud-support', entryId: 'kb-1', change: 'learned' }
}

describe('/api/events WebSocket', () => {
  it('refuses an upgrade without the token with 401', async () => {
    await expect(open(socketUrl())).rejects.toThrow('HTTP 401')
    await expect(open(socketUrl('?token=wrong'))).rejects.toThrow('HTTP 401')
  })

  it('refuses an upgrade from a foreign Origin with 403', async () => {
    const url = socketUrl(`?token=${fixture.server.token}`)
    await expect(open(url, { origin: 'http://attacker.example' })).rejects.toThrow('HTTP 403')
  })

  it('delivers every engine push event as JSON { event, payload }', async () => {
    const origin = fixture.server.url
    const socket = await open(socketUrl(`?token=${fixture.server.token}`), { origin })
    const received = new Promise<unknown>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data))))
    )
    fixture.engine.emit(status)
    expect(await received).toEqual(status)
    await close(socket)
  })

  it('accepts the bearer header and stays open across keep-alive pings', async () => {
    const socket = await open(socketUrl(), { authorization: `Bearer ${fixture.server.token}` })
    let pings = 0
    socket.on('ping', () => pings++)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(pings).toBeGreaterThan(1)
    expect(socket.readyState).toBe(WebSocket.OPEN)
    await close(socket)
  })

  it('unsubscribes from the engine when the client goes away', async () => {
    // The earlier tests' clients are closed, but the server may not have seen their close yet.
    await expect.poll(() => fixture.engine.listenerCount, { timeout: 10_000 }).toBe(0)
    const before = fixture.engine.listenerCount
    const socket = await open(socketUrl(`?token=${fixture.server.token}`))
    expect(fixture.engine.listenerCount).toBe(before + 1)
    await close(socket)
    await expect.poll(() => fixture.engine.listenerCount, { timeout: 10_000 }).toBe(before)
  })

  it('closes connected clients when the server closes', async () => {
    const other = await startFixture()
    const socket = await open(`ws://127.0.0.1:${other.server.port}/api/events?token=${other.server.token}`)
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
    await other.close()
    expect(await closed).toBe(1001)
    expect(other.engine.listenerCount).toBe(0)
  })
})
