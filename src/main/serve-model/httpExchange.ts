/**
 * Reading requests and writing answers in OpenAI's shapes: a size-limited JSON body checked with zod, errors as
 * `{ error: { message, type, param, code } }`, and server-sent events for streams.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'

/** A failure answered to the client in OpenAI's error format. */
export class OpenAiHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error',
    readonly code: string | null = null,
    readonly param: string | null = null
  ) {
    super(message)
    this.name = 'OpenAiHttpError'
  }
}

/** Reads the body (at most `limit` bytes), parses it as JSON and checks it against `schema`. */
export async function readJsonBody<T>(
  request: IncomingMessage,
  limit: number,
  schema: z.ZodType<T>
): Promise<T> {
  const declared = Number(request.headers['content-length'])
  if (declared > limit) throw tooLarge(limit)
  const text = await readText(request, limit)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new OpenAiHttpError(
      400,
      'The request body is not valid JSON.',
      'invalid_request_error',
      'invalid_json'
    )
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const param = issue?.path.join('.') || null
  throw new OpenAiHttpError(
    400,
    `Invalid request: ${param ? `${param}: ` : ''}${issue?.message ?? 'unexpected shape'}`,
    'invalid_request_error',
    'invalid_request',
    param
  )
}

/**
 * Collects the body, stopping at `limit`. It does not destroy the request on overflow: the socket must live long
 * enough to carry the 413 answer (sent with `Connection: close`).
 */
function readText(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      request.off('data', onData).off('end', onEnd).resume()
      reject(tooLarge(limit))
    }
    const onEnd = (): void => resolve(Buffer.concat(chunks).toString('utf8'))
    request.on('data', onData).on('end', onEnd).on('error', reject)
  })
}

function tooLarge(limit: number): OpenAiHttpError {
  return new OpenAiHttpError(
    413,
    `The request body is larger than ${limit} bytes.`,
    'invalid_request_error',
    'too_large'
  )
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8')
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length)
  })
  response.end(body)
}

export function errorBody(error: OpenAiHttpError): unknown {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } }
}

export function sendError(
  response: ServerResponse,
  error: OpenAiHttpError,
  headers: Record<string, string> = {}
): void {
  sendJson(response, error.status, errorBody(error), headers)
}

/** Starts a server-sent-event stream; each `send` writes one `data:` event. */
export function startEventStream(response: ServerResponse): { send(data: unknown): void; done(): void } {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no'
  })
  response.flushHeaders()
  return {
    send: (data) => {
      if (!response.destroyed) response.write(`data: ${JSON.stringify(data)}\n\n`)
    },
    done: () => void response.end('data: [DONE]\n\n')
  }
}
