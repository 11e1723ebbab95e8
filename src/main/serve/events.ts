import { WebSocket, WebSocketServer } from 'ws'
import type { Engine } from '../engine/types'

export interface EventSocketOptions {
  /** How often each client is pinged; a client that has not answered the previous ping is dropped. Default 30 s. */
  keepAliveMs?: number
  /** A client this far behind (bytes queued) is dropped rather than buffering without end. Default 8 MiB. */
  maxBufferedBytes?: number
}

export interface EventSockets {
  /** The server to hand authorized upgrades to (`handleUpgrade`). */
  server: WebSocketServer
  /** Closes every client and stops the keep-alive timer. */
  close(): Promise<void>
}

/** Pushes every engine event as JSON `{ event, payload }` to every connected client. */
export function createEventSockets(engine: Engine, options: EventSocketOptions = {}): EventSockets {
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024
  // The renderer never sends anything on this socket; a small limit keeps a misbehaving client cheap.
  const server = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true })
  const alive = new WeakMap<WebSocket, boolean>()

  server.on('connection', (socket) => {
    alive.set(socket, true)
    socket.on('pong', () => alive.set(socket, true))
    socket.on('error', () => socket.terminate())
    const unsubscribe = engine.onEvent((envelope) => {
      if (socket.readyState !== WebSocket.OPEN) return
      if (socket.bufferedAmount > maxBufferedBytes) {
        socket.terminate()
        return
      }
      socket.send(JSON.stringify({ event: envelope.event, payload: envelope.payload }))
    })
    socket.on('close', unsubscribe)
  })

  const keepAlive = setInterval(() => {
    for (const socket of server.clients) {
      if (alive.get(socket) === false) {
        socket.terminate()
        continue
      }
      alive.set(socket, false)
      socket.ping()
    }
  }, options.keepAliveMs ?? 30_000)
  keepAlive.unref()

  return {
    server,
    close: () =>
      new Promise((resolve) => {
        clearInterval(keepAlive)
        for (const socket of server.clients) socket.close(1001, 'server shutting down')
        // Clients that do not finish the closing handshake promptly are cut off.
        const cutOff = setTimeout(() => server.clients.forEach((socket) => socket.terminate()), 1000)
        cutOff.unref()
        server.close(() => {
          clearTimeout(cutOff)
          resolve()
        })
      })
  }
}
