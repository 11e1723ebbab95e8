/**
 * One request to the model server, from the bearer token check to the answer: routing, the request's time limit,
 * aborting its generation when the client leaves, and every failure answered in OpenAI's error format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tokensMatch } from '../serve/auth'
import { chatCompletions } from './chatCompletions'
import { embeddings } from './embeddings'
import { asHttpError, busyRetryAfterSeconds } from './failures'
import { OpenAiHttpError, sendError, sendJson } from './httpExchange'
import { unixSeconds, type Exchange, type ModelRouteContext } from './routeContext'

export interface RequestHandlerOptions {
  token: string
  /** Longest one request may take, its wait in the queue included. */
  timeoutMs: number
  log?: (line: string) => void
}

type Route = (context: ModelRouteContext, exchange: Exchange) => Promise<void>

const routes: Record<string, { method: string; handle: Route }> = {
  '/v1/models': { method: 'GET', handle: listModels },
  '/v1/chat/completions': { method: 'POST', handle: chatCompletions },
  '/v1/embeddings': { method: 'POST', handle: embeddings }
}

export function createRequestHandler(context: ModelRouteContext, options: RequestHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now()
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    const controller = new AbortController()
    let timedOut = false
    let gone = false
    const timer = setTimeout(() => ((timedOut = true), controller.abort()), options.timeoutMs)
    response.on('close', () => {
      clearTimeout(timer)
      // Closed before the answer was complete: the client left (or the server is closing); stop its generation.
      if (!response.writableFinished) {
        gone = true
        controller.abort()
      }
      options.log?.(`${request.method} ${path} ${response.statusCode} ${Date.now() - started} ms`)
    })
    const exchange: Exchange = {
      request,
      response,
      signal: controller.signal,
      clientGone: () => gone,
      describe: (error) => asHttpError(error, options.timeoutMs, timedOut)
    }
    try {
      if (!authorized(request, options.token)) {
        throw new OpenAiHttpError(
          401,
          'Missing or wrong bearer token: send "Authorization: Bearer <token>" with the token vigil serve-model printed when it started.',
          'authentication_error',
          'invalid_api_key'
        )
      }
      const route = routes[path]
      if (!route)
        throw new OpenAiHttpError(404, `Unknown path ${path}.`, 'invalid_request_error', 'not_found')
      if (request.method !== route.method) {
        throw new OpenAiHttpError(
          405,
          `${path} takes ${route.method} requests.`,
          'invalid_request_error',
          'method_not_allowed'
        )
      }
      await route.handle(context, exchange)
    } catch (error) {
      if (gone) return
      if (response.headersSent) return void response.end()
      const failure = exchange.describe(error)
      const headers: Record<string, string> = {}
      if (failure.status === 429) headers['Retry-After'] = String(busyRetryAfterSeconds)
      if (failure.status === 413) headers['Connection'] = 'close'
      if (failure.status === 401) headers['WWW-Authenticate'] = 'Bearer'
      sendError(response, failure, headers)
    }
  }
}

async function listModels(context: ModelRouteContext, exchange: Exchange): Promise<void> {
  sendJson(exchange.response, 200, {
    object: 'list',
    data: [{ id: context.modelId, object: 'model', created: unixSeconds(), owned_by: 'vigil' }]
  })
}

/** Only the `Authorization` header: a token in a URL ends up in logs and histories. */
function authorized(request: IncomingMessage, token: string): boolean {
  const offered = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  return offered !== undefined && tokensMatch(offered, token)
}
