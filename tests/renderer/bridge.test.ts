import { afterEach, describe, expect, it, vi } from 'vitest'
import { BridgeError, createVigilClient, selectTransport } from '../../src/renderer/src/bridge'
import { createHttpTransport, readServeToken, type SocketLike } from '../../src/renderer/src/httpTransport'
import type { PushEnvelope } from '../../src/shared/contract'
import { makeTicket } from './fixtures'

interface SentRequest {
  url: string
  init: RequestInit
}

/** A fetch that answers every request with one JSON body and remembers what it was sent. */
function fakeFetch(body: unknown, status = 200) {
  const sent: SentRequest[] = []
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} })
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    return new Response(text, { status, headers: { 'Content-Type': 'application/json' } })
  }
  return { sent, fetch: fetch as typeof globalThis.fetch }
}

/** A WebSocket stand-in the test opens, feeds and drops by hand. */
class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  closed = false
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true
  }
}

const origin = 'http://127.0.0.1:4317'

describe('HTTP transport', () => {
  afterEach(() => vi.useRealTimers())

  it('posts the route and input with the bearer token', async () => {
    const { sent, fetch } = fakeFetch({ ok: true, value: [makeTicket()] })
    const client = createVigilClient(createHttpTransport({ origin, token: 'XYZ', fetch }))
    const tickets = await client.call('tickets.list', {})
    expect(tickets.map((t) => t.id)).toEqual(['T-100'])
    expect(sent).toHaveLength(1)
    expect(sent[0]!.url).toBe(`${origin}/api/call`)
    expect(sent[0]!.init.method).toBe('POST')
    expect(new Headers(sent[0]!.init.headers).get('Authorization')).toBe('Bearer XYZ')
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({ route: 'tickets.list', input: {} })
  })

  it('turns { ok: false } into a BridgeError with the engine code and message', async () => {
    const error = { code: 'NOT_FOUND', message: 'No ticket T-9' }
    const { fetch } = fakeFetch({ ok: false, error }, 404)
    const client = createVigilClient(createHttpTransport({ origin, token: 'XYZ', fetch }))
    const failure = await client.call('tickets.get', { ticketId: 'T-9' }).catch((caught: unknown) => caught)
    expect(failure).toBeInstanceOf(BridgeError)
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: 'No ticket T-9', route: 'tickets.get' })
  })

  it('refuses an output that does not match the route schema', async () => {
    const { fetch } = fakeFetch({ ok: true, value: [{ id: 'T-1' }] })
    const client = createVigilClient(createHttpTransport({ origin, token: 'XYZ', fetch }))
    await expect(client.call('tickets.list', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })

  it('reports a refused token in words when the body is not a result', async () => {
    const { fetch } = fakeFetch('Unauthorized', 401)
    const client = createVigilClient(createHttpTransport({ origin, token: 'old', fetch }))
    await expect(client.call('engine.status', {})).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('reports an unreachable engine as UNREACHABLE', async () => {
    const fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof globalThis.fetch
    const client = createVigilClient(createHttpTransport({ origin, token: 'XYZ', fetch }))
    await expect(client.call('engine.status', {})).rejects.toMatchObject({ code: 'UNREACHABLE' })
  })

  it('opens the event socket with the token, delivers events and reconnects with backoff', async () => {
    vi.useFakeTimers()
    const sockets: FakeSocket[] = []
    const transport = createHttpTransport({
      origin,
      token: 'XYZ',
      fetch: fakeFetch({}).fetch,
      openSocket: (url) => {
        const socket = new FakeSocket(url)
        sockets.push(socket)
        return socket
      },
      reconnectMinMs: 100
    })
    const client = createVigilClient(transport)
    const received: PushEnvelope[] = []
    const reconnects: number[] = []
    client.onEvent((envelope) => received.push(envelope))
    client.onReconnect(() => reconnects.push(sockets.length))

    expect(sockets.map((s) => s.url)).toEqual(['ws://127.0.0.1:4317/api/events?token=XYZ'])
    sockets[0]!.onopen?.({})
    const payload = makeTicket({ status: 'pending' })
    sockets[0]!.onmessage?.({ data: JSON.stringify({ event: 'ticket.changed', payload }) })
    expect(received).toEqual([{ event: 'ticket.changed', payload }])

    sockets[0]!.onclose?.({})
    vi.advanceTimersByTime(99)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    sockets[1]!.onclose?.({})
    vi.advanceTimersByTime(199)
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(3)
    sockets[2]!.onopen?.({})
    expect(reconnects).toEqual([3])
  })

  it('says the connection is lost when the event stream closes, and connected again when it reopens', async () => {
    vi.useFakeTimers()
    const sockets: FakeSocket[] = []
    const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof globalThis.fetch
    const client = createVigilClient(
      createHttpTransport({
        origin,
        token: 'XYZ',
        fetch: down,
        openSocket: (url) => sockets[sockets.push(new FakeSocket(url)) - 1]!,
        reconnectMinMs: 100
      })
    )
    const states: string[] = []
    client.onEvent(() => undefined)
    client.onConnection((state) => states.push(state))
    sockets[0]!.onopen?.({})
    expect(states).toEqual([])
    sockets[0]!.onclose?.({})
    await vi.advanceTimersByTimeAsync(100)
    sockets[1]!.onclose?.({})
    await vi.advanceTimersByTimeAsync(200)
    expect(states).toEqual(['lost'])
    // A page that subscribes meanwhile hears it at once.
    const late: string[] = []
    client.onConnection((state) => late.push(state))
    expect(late).toEqual(['lost'])
    sockets[2]!.onopen?.({})
    expect(states).toEqual(['lost', 'connected'])
  })

  it('says the page needs a new link when the server answers but refuses its key (a new run)', async () => {
    const sockets: FakeSocket[] = []
    const client = createVigilClient(
      createHttpTransport({
        origin,
        token: 'old',
        fetch: fakeFetch({ ok: false, error: { code: 'FORBIDDEN', message: 'out of date' } }, 401).fetch,
        openSocket: (url) => sockets[sockets.push(new FakeSocket(url)) - 1]!,
        reconnectMinMs: 60_000
      })
    )
    const states: string[] = []
    client.onEvent(() => undefined)
    client.onConnection((state) => states.push(state))
    sockets[0]!.onclose?.({})
    await vi.waitFor(() => expect(states).toEqual(['lost', 'refused']))
  })

  it('closes the socket when the last listener leaves', () => {
    const sockets: FakeSocket[] = []
    const transport = createHttpTransport({
      origin: 'https://vigil.example',
      token: null,
      openSocket: (url) => sockets[sockets.push(new FakeSocket(url)) - 1]!
    })
    const stop = transport.onEvent(() => undefined)
    expect(sockets[0]!.url).toBe('wss://vigil.example/api/events')
    stop()
    expect(sockets[0]!.closed).toBe(true)
  })
})

describe('serve token', () => {
  it('is read from the URL once, kept in session storage and removed from the address bar', () => {
    const stored = new Map<string, string>()
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value)
    }
    const replaced: string[] = []
    const history = {
      replaceState: (_data: unknown, _unused: string, url?: string | URL | null) =>
        void replaced.push(String(url))
    }

    expect(readServeToken({ href: `${origin}/overlay.html?token=XYZ&x=1` }, storage, history)).toBe('XYZ')
    expect(replaced).toEqual(['/overlay.html?x=1'])
    expect(readServeToken({ href: `${origin}/overlay.html?x=1` }, storage, history)).toBe('XYZ')
  })
})

describe('transport selection', () => {
  it("uses the Electron preload's bridge when the page has one", () => {
    const preload = { call: async () => ({ ok: true as const, value: null }), onEvent: () => () => undefined }
    const page = { vigil: preload } as unknown as Window
    expect(selectTransport(page)).toBe(preload)
  })
})

describe('shell capabilities', () => {
  const engineOnly = {
    call: async () => ({ ok: true as const, value: null }),
    onEvent: () => () => undefined
  }

  it('offers no focus requests and no file dialog in a browser', async () => {
    const { shell } = createVigilClient(engineOnly)
    expect(shell.canRequestFocus).toBe(false)
    expect(shell.pickModelFile).toBeNull()
    expect(() => shell.requestFocus()).not.toThrow()
  })

  it("forwards the preload's focus requests and keeps only a path from its file dialog", async () => {
    const sent: string[] = []
    let picked: unknown = '/models/phi.gguf'
    const { shell } = createVigilClient({
      ...engineOnly,
      requestFocus: () => void sent.push('request'),
      releaseFocus: () => void sent.push('release'),
      pickModelFile: async () => picked as string | null
    })
    shell.requestFocus()
    shell.releaseFocus()
    expect(sent).toEqual(['request', 'release'])
    expect(await shell.pickModelFile?.()).toBe('/models/phi.gguf')
    picked = 42
    expect(await shell.pickModelFile?.()).toBeNull()
  })
})
