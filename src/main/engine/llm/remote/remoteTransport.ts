/**
 * One request to a remote server: the bearer key, a time budget covering the whole answer (a stream included), the
 * caller's AbortSignal, and retries on 429 and 5xx. Every failure but the caller's own abort leaves as an LlmError
 * with a usable message.
 */
import { LlmError } from '../llmError'
import { displayUrl, httpFailure, networkFailure, type RemoteContext } from './httpErrors'
import {
  createRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy
} from './retryPolicy'

export interface RemoteTransport {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string
  context: RemoteContext
  fetch: typeof fetch
  /** Default time budget of one call, in milliseconds. */
  timeoutMs: number
  retry: RetryPolicy
  /** Requests sent again after a 429 or 5xx answer, so far: each is a model call too. */
  retriesSent: number
}

/** Checks the URL and fills in the defaults (see `RemoteBackendOptions`). */
export function createRemoteTransport(settings: {
  baseUrl: string
  model: string
  apiKey?: string
  timeoutMs?: number
  fetch?: typeof fetch
  retry: Partial<RetryPolicy>
}): RemoteTransport {
  let url: URL
  try {
    url = new URL(settings.baseUrl)
  } catch {
    throw new LlmError('LLM_REMOTE_ERROR', 'The model server URL in settings is not a valid URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmError(
      'LLM_REMOTE_ERROR',
      `The model server URL must start with http:// or https://, not ${url.protocol}`
    )
  }
  return {
    baseUrl: settings.baseUrl.replace(/\/+$/, ''),
    // An empty key (a blank secret) means none: no header is sent.
    context: {
      server: displayUrl(settings.baseUrl),
      model: settings.model,
      apiKey: settings.apiKey || undefined
    },
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs: settings.timeoutMs ?? 60_000,
    retry: createRetryPolicy(settings.retry),
    retriesSent: 0
  }
}

/** The life of one call: its combined signal, and how an error thrown anywhere in it is reported. */
export interface RemoteCall {
  signal: AbortSignal
  /**
   * The error to throw: an LlmError, except when the caller aborted. Then the abort reason is thrown as it is,
   * as `fetch` does and the other backends do, so that `createLlmRuntime` (which knows whether the abort was its
   * time budget or the caller) codes it `LLM_TIMEOUT` or `LLM_ABORTED`.
   */
  fail(error: unknown): Error
  end(): void
}

export function beginCall(
  transport: RemoteTransport,
  caller: AbortSignal | undefined,
  timeoutMs?: number
): RemoteCall {
  const budget = timeoutMs ?? transport.timeoutMs
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, budget)
  const onAbort = (): void => controller.abort()
  if (caller?.aborted) controller.abort()
  caller?.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    fail(error) {
      if (caller?.aborted) return abortReason(caller.reason)
      if (timedOut) {
        return new LlmError(
          'LLM_TIMEOUT',
          `The model server at ${transport.context.server} did not answer within ${budget} ms.`,
          { cause: error }
        )
      }
      if (error instanceof LlmError) return error
      return networkFailure(error, transport.context)
    },
    end() {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onAbort)
    }
  }
}

/**
 * POSTs `body` as JSON to `baseUrl + path` and resolves with a 2xx response, retrying 429 and 5xx answers as the
 * policy allows. The response body is left unread for the caller (a stream is read as it arrives).
 */
export async function postJson(
  transport: RemoteTransport,
  call: RemoteCall,
  path: string,
  body: unknown,
  accept = 'application/json'
): Promise<Response> {
  const { retry: policy, context } = transport
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: accept }
  if (context.apiKey !== undefined) headers['Authorization'] = `Bearer ${context.apiKey}`
  const payload = JSON.stringify(body)
  for (let retries = 0; ; retries++) {
    let response: Response
    let text: string
    try {
      response = await transport.fetch(`${transport.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: payload,
        signal: call.signal
      })
      if (response.ok) return response
      text = await response.text().catch(() => '')
    } catch (error) {
      throw call.fail(error)
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), policy.now())
    const tooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs
    if (isRetryableStatus(response.status) && retries < policy.maxRetries && !tooLong) {
      try {
        await policy.sleep(retryDelay(retries, policy, retryAfterMs), call.signal)
      } catch (error) {
        throw call.fail(error)
      }
      transport.retriesSent++
      continue
    }
    const contentType = response.headers.get('content-type') ?? ''
    const failed = { status: response.status, contentType, body: text, retries }
    throw httpFailure(tooLong ? { ...failed, retryAfterMs } : failed, context)
  }
}

function abortReason(reason: unknown): Error {
  if (reason instanceof Error) return reason
  return new DOMException('The operation was aborted', 'AbortError')
}
