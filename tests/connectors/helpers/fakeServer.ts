/**
 * A ticketing system's API on 127.0.0.1 (port 0) for connector tests: routes answer recorded payloads, every
 * request is kept for assertions, and a websocket endpoint can be attached (Chatwoot's /cable).
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: unknown
  /** `performance.now()` when the request arrived. */
  at: number
}

export interface FakeReply {
  status?: number
  json?: unknown
  /** A raw body (e.g. an HTML error page); wins over `json`. */
  body?: string
  headers?: Record<string, string>
}

export type Route = (request: FakeRequest) => FakeReply | Promise<FakeReply> | undefined

export class FakeServer {
  readonly requests: FakeRequest[] = []
  private readonly routes: Array<{ method: string; pattern: RegExp; route: Route }> = []
  private readonly server: Server
  /** Set by `withWebSocket`. */
  sockets: WebSocketServer | null = null
  /** Answers every request with this instead of the routes while set (an outage, an HTML proxy page). */
  override: ((request: FakeRequest) => FakeReply | undefined) | null = null

  constructor() {
    this.server = createServer((request, response) => void this.handle(request, response))
  }

  static async start(): Promise<FakeServer> {
    const fake = new FakeServer()
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve))
    return fake
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** `pattern` matches the path (without query): a string for an exact path, or a RegExp. */
  on(method: string, pattern: string | RegExp, route: Route): this {
    const regex =
      typeof pattern === 'string'
        ? new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : pattern
    this.routes.unshift({ method, pattern: regex, route })
    return this
  }

  withWebSocket(path: string): WebSocketServer {
    this.sockets = new WebSocketServer({ server: this.server, path })
    return this.sockets
  }

  requestsTo(method: string, pattern: RegExp): FakeRequest[] {
    return this.requests.filter((request) => request.method === method && pattern.test(request.path))
  }

  async close(): Promise<void> {
    for (const client of this.sockets?.clients ?? []) client.terminate()
    this.sockets?.close()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      // kept as text
    }
    const recorded: FakeRequest = {
      at: performance.now(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body
    }
    this.requests.push(recorded)
    let reply = this.override?.(recorded)
    for (const { method, pattern, route } of this.routes) {
      if (reply) break
      if (method === recorded.method && pattern.test(recorded.path)) reply = await route(recorded)
    }
    reply ??= {
      status: 404,
      json: { error: 'RecordNotFound', description: `No route for ${recorded.method} ${recorded.path}` }
    }
    const payload = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
    response.writeHead(reply.status ?? 200, {
      'content-type':
        reply.body !== undefined ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      ...reply.headers
    })
    response.end(payload)
  }
}

export const htmlErrorPage = (status: number, title: string): FakeReply => ({
  status,
  body: `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><h1>${title}</h1><p>The upstream server is not responding. nginx/1.24.0</p></body></html>`
})
