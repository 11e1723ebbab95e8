/**
 * The `vigil serve` transport: route calls as `POST /api/call`, pushed events over a WebSocket that reconnects
 * with backoff. Used only by bridge.ts. The token comes from the page URL once and then lives in sessionStorage.
 */
import { httpPaths, type PushEnvelope } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import type { ConnectionState, VigilTransport } from './bridge'

/** The part of the WebSocket API this transport uses, so tests can pass a small fake. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  close(): void
}

export interface HttpTransportOptions {
  /** The page's origin, e.g. `http://127.0.0.1:4317`. */
  origin: string
  /** Bearer token for `vigil serve`; null sends none (the server may still accept its cookie). */
  token: string | null
  /** Default: the global fetch. */
  fetch?: typeof fetch
  /** Default: `new WebSocket(url)`. */
  openSocket?: (url: string) => SocketLike
  /** First reconnect delay in ms, doubled after each failure. Default 500. */
  reconnectMinMs?: number
  /** Longest reconnect delay in ms. Default 10000. */
  reconnectMaxMs?: number
}

export function createHttpTransport(options: HttpTransportOptions): VigilTransport {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const openSocket = options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike)
  const minDelay = options.reconnectMinMs ?? 500
  const maxDelay = options.reconnectMaxMs ?? 10_000
  const listeners = new Set<(envelope: PushEnvelope) => void>()
  const reconnectListeners = new Set<() => void>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  /** Whether the event stream is up; told to the pages when it changes (a banner while it is not). */
  let connection: ConnectionState = 'connected'
  let socket: SocketLike | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let delay = minDelay
  let everOpened = false

  async function call(route: string, input: unknown): Promise<Result<unknown>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (options.token) headers.Authorization = `Bearer ${options.token}`
    const response = await doFetch(`${options.origin}${httpPaths.call}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ route, input })
    })
    try {
      return (await response.json()) as Result<unknown>
    } catch {
      // Only a proxy or a refused token answers without a Result body.
      const refused = response.status === 401 || response.status === 403
      const message = refused
        ? 'The engine refused this page: open it again from the link `vigil serve` printed'
        : `The engine answered HTTP ${response.status} without a result`
      return { ok: false, error: { code: refused ? 'FORBIDDEN' : 'INTERNAL', message } }
    }
  }

  function connect(): void {
    const url = new URL(httpPaths.socket, options.origin)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    if (options.token) url.searchParams.set('token', options.token)
    const current = openSocket(url.toString())
    socket = current
    current.onopen = () => {
      delay = minDelay
      tell('connected')
      if (everOpened) reconnectListeners.forEach((listener) => listener())
      everOpened = true
    }
    current.onmessage = ({ data }) => {
      let envelope: PushEnvelope
      try {
        envelope = JSON.parse(String(data)) as PushEnvelope
      } catch {
        return
      }
      listeners.forEach((listener) => listener(envelope))
    }
    current.onclose = () => {
      if (socket !== current) return
      socket = null
      if (listeners.size === 0) return
      void lost()
      scheduleReconnect()
    }
  }

  /**
   * The stream closed (the server stopped, or the network went): the pages say so. A server that answers but
   * refuses this page's key is a new run of `vigil serve`: the page needs its new link, retrying will not help.
   */
  async function lost(): Promise<void> {
    if (connection === 'connected') tell('lost')
    try {
      const answer = await call('engine.status', {})
      if (!answer.ok && answer.error.code === 'FORBIDDEN' && !socket) tell('refused')
    } catch {
      // Not reachable: still lost, and the reconnect goes on.
    }
  }

  function tell(next: ConnectionState): void {
    if (next === connection) return
    connection = next
    connectionListeners.forEach((listener) => listener(next))
  }

  function scheduleReconnect(): void {
    timer = setTimeout(() => {
      timer = null
      if (listeners.size > 0 && !socket) connect()
    }, delay)
    delay = Math.min(delay * 2, maxDelay)
  }

  function disconnect(): void {
    if (timer) clearTimeout(timer)
    timer = null
    const current = socket
    socket = null
    current?.close()
  }

  function onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    listeners.add(listener)
    if (!socket && !timer) connect()
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) disconnect()
    }
  }

  function onReconnect(listener: () => void): () => void {
    reconnectListeners.add(listener)
    return () => reconnectListeners.delete(listener)
  }

  function onConnection(listener: (state: ConnectionState) => void): () => void {
    connectionListeners.add(listener)
    if (connection !== 'connected') listener(connection)
    return () => connectionListeners.delete(listener)
  }

  return { call, onEvent, onReconnect, onConnection }
}

const tokenKey = 'vigil.serveToken'

/**
 * Reads `?token=` from the page URL once, keeps it in sessionStorage (so a reload still works) and removes it
 * from the address bar so it is not shared by copy and paste.
 */
export function readServeToken(
  location: Pick<Location, 'href'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history?: Pick<History, 'replaceState'>
): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(tokenKey, fromUrl)
    url.searchParams.delete('token')
    history?.replaceState(null, '', url.pathname + url.search + url.hash)
  }
  return storage.getItem(tokenKey)
}
