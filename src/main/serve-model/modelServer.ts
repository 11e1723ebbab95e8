/**
 * Serves one LlmBackend as an OpenAI-compatible API, so one machine with a GPU can serve a team:
 * `GET /v1/models`, `POST /v1/chat/completions` (streamed or not, `response_format` honoured) and
 * `POST /v1/embeddings`. Every request needs the bearer token; the server binds to loopback unless told otherwise.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LlmBackend } from '../engine/llm/llmRuntime'
import { createToken } from '../serve/auth'
import { GenerationQueue } from './generationQueue'
import { createRequestHandler } from './requestHandler'
import type { ModelRouteContext } from './routeContext'

export interface ModelServerOptions {
  backend: LlmBackend
  /** Model id announced by `/v1/models` and in answers. Default: the backend's `info.model` (the file name). */
  modelId?: string
  /** TCP port. Default 0: a free one. */
  port?: number
  /** Address to bind. Default `127.0.0.1`. Anything not loopback needs `allowNonLoopback`. */
  host?: string
  /** Allow binding a non-loopback address (reachable from the network). Default false. */
  allowNonLoopback?: boolean
  /** The bearer token every request must carry. Default: 32 random bytes, base64url, new on each start. */
  token?: string
  /** Largest request body in bytes. Default 4 MiB. */
  maxBodyBytes?: number
  /** Requests allowed to wait behind the running one (generations and embeddings each); more get 429. Default 16. */
  maxWaiting?: number
  /** Longest one request may take, its wait in the queue included; then it is stopped (504). Default 300 000. */
  requestTimeoutMs?: number
  /** Receives one line per request (method, path, status, duration; never bodies or headers). Default: none. */
  log?: (line: string) => void
}

export interface ModelServer {
  /** Base URL for OpenAI clients, e.g. `http://127.0.0.1:8080/v1`. */
  url: string
  port: number
  host: string
  token: string
  /** Stops accepting requests, cuts open connections (aborting their generations) and closes the server. */
  close(): Promise<void>
}

export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(host)
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(`Refusing to serve the model on ${host}: only loopback addresses are allowed by default.`)
  }
  const token = options.token ?? createToken()
  const context: ModelRouteContext = {
    backend: options.backend,
    queue: new GenerationQueue(options.maxWaiting ?? 16),
    embeddingQueue: new GenerationQueue(options.maxWaiting ?? 16),
    modelId: options.modelId ?? options.backend.info.model,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024
  }

  const handle = createRequestHandler(context, {
    token,
    timeoutMs: options.requestTimeoutMs ?? 300_000,
    ...(options.log ? { log: options.log } : {})
  })
  const server = createServer((request, response) => void handle(request, response))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? 'the port is in use'
        : error.code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address'
          : error.message
    throw new Error(`Cannot listen on ${host}:${options.port ?? 0}: ${reason}.`, { cause: error })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    host,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
