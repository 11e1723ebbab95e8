import { existsSync, realpathSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { join } from 'node:path'
import { httpPaths } from '../../shared/contract'
import type { Engine } from '../engine/types'
import { handleApiCall } from './api'
import { allowedHosts, createToken, isAuthorized, isSameOrigin, tokenCookie, tokensMatch } from './auth'
import { createEventSockets, type EventSocketOptions } from './events'
import { refuseWithoutToken } from './refusal'
import { sendStatus, setSecurityHeaders } from './responses'
import { serveStatic } from './staticFiles'

export interface ServeHostOptions extends EventSocketOptions {
  engine: Engine
  /** The built renderer (`out/renderer`), holding `index.html` and `overlay.html`. */
  rendererDir: string
  /** TCP port; default 0 picks a free one. */
  port?: number
  /** Loopback address to bind; default `127.0.0.1`. Other addresses are refused. */
  host?: string
  /** Access token; default a fresh random one per run. */
  token?: string
}

export interface ServeHost {
  /** Base URL without the token, e.g. `http://127.0.0.1:4312`. */
  url: string
  port: number
  token: string
  /** Closes every socket and the server. */
  close(): Promise<void>
}

/**
 * Serves the renderer and the engine's contract on loopback: static pages, `POST /api/call` and the
 * `/api/events` WebSocket. Every request must name a Host this server answers to and carry the token.
 */
export async function startServeHost(options: ServeHostOptions): Promise<ServeHost> {
  const host = options.host ?? '127.0.0.1'
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new Error(`vigil serve only listens on loopback (127.0.0.1, ::1, localhost), not ${host}.`)
  }
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(options.rendererDir, 'index.html')} is missing). Run \`npm run build\` first.`
    )
  }
  const root = realpathSync(options.rendererDir)
  const token = options.token ?? createToken()
  const sockets = createEventSockets(options.engine, options)
  let hosts = new Set<string>()
  let port = 0

  const server = createServer((request, response) => {
    setSecurityHeaders(response)
    const url = parseUrl(request)
    if (!url || !isSameOrigin(request, hosts)) return sendStatus(response, 403)
    if (!isAuthorized(request, url, token, port)) return refuseWithoutToken(request, response, url)
    if (url.pathname === httpPaths.call) {
      void handleApiCall(options.engine, request, response).catch(() => response.destroy())
      return
    }
    if (url.pathname.startsWith('/api/')) return sendStatus(response, 404)
    rememberToken(url, response)
    serveStatic(root, request, response, url.pathname)
  })

  /** A page opened as `?token=...` gets the cookie, so that its scripts and styles load without the query. */
  function rememberToken(url: URL, response: ServerResponse): void {
    const query = url.searchParams.get('token')
    if (query !== null && tokensMatch(query, token)) {
      response.setHeader('Set-Cookie', tokenCookie(token, port))
    }
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const url = parseUrl(request)
    if (!url || !isSameOrigin(request, hosts)) return refuseUpgrade(socket, 403, 'Forbidden')
    if (!isAuthorized(request, url, token, port)) return refuseUpgrade(socket, 401, 'Unauthorized')
    if (url.pathname !== httpPaths.socket) return refuseUpgrade(socket, 404, 'Not Found')
    sockets.server.handleUpgrade(request, socket, head, (client) =>
      sockets.server.emit('connection', client, request)
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  hosts = allowedHosts(host, port)
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}`,
    port,
    token,
    close: async () => {
      await sockets.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}

function parseUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://localhost')
  } catch {
    return null
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}
