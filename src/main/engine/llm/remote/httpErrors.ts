/**
 * Turns what went wrong talking to a remote server into an `LLM_REMOTE_ERROR` a person can act on: which server,
 * what it said, and what to check. The API key never appears in a message: server text is redacted first.
 */
import { looksLikeHtml, networkReason, readableServerText } from '../../http/serverText'
import { STATUS_CODES } from 'node:http'
import { LlmError } from '../llmError'

export interface RemoteContext {
  /** The server URL as shown to people: no credentials, no query (see `displayUrl`). */
  server: string
  model: string
  /** Redacted from everything the server says before it is put in a message. */
  apiKey: string | undefined
}

export interface FailedResponse {
  status: number
  contentType: string
  body: string
  /** Retries already made before giving up. */
  retries: number
  /** The server's `Retry-After`, when it asked for a longer wait than Vigil makes. */
  retryAfterMs?: number
}

const urlHint =
  'OpenAI-compatible servers usually expect a base URL ending in /v1, e.g. http://127.0.0.1:11434/v1'

export function httpFailure(response: FailedResponse, context: RemoteContext): LlmError {
  const { status, retries } = response
  const statusText = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`
  const at = `The model server at ${context.server}`
  const said = serverMessage(response.body, context.apiKey)
  const quoted = said ? `: "${said}"` : ''
  const details = { status, server: context.server, serverMessage: said ?? '' }
  if (looksLikeHtml(response.contentType, response.body)) {
    return remoteError(
      `${at} answered with an HTML page (${statusText}) instead of JSON: the URL points at a website, a login page ` +
        `or a proxy rather than an OpenAI-compatible API. Check the server URL in settings. ${urlHint}.`,
      details
    )
  }
  let message: string
  if ((status === 401 || status === 403) && context.apiKey === undefined) {
    message = `${at} requires an API key (${statusText})${quoted}. Add the server's API key in settings.`
  } else if (status === 401 || status === 403) {
    message = `${at} refused the API key (${statusText})${quoted}. Check the API key in settings; it may be wrong, expired, or not allowed to use the model "${context.model}".`
  } else if (status === 404) {
    message = `${at} answered ${statusText}${quoted}: the server URL or the model "${context.model}" is wrong. Check both in settings. ${urlHint}.`
  } else if (response.retryAfterMs !== undefined) {
    message = `${at} asks to wait ${Math.ceil(response.retryAfterMs / 1000)} s before trying again (${statusText})${quoted}. Try again later.`
  } else if (status === 429) {
    message = `${at} is rate limiting requests (${statusText}) and still was after ${retries} retries${quoted}. Try again later.`
  } else if (status >= 500) {
    const again = retries > 0 ? ` and still failed after ${retries} retries` : ''
    message = `${at} failed (${statusText})${again}${quoted}. The server may be overloaded or misconfigured; check its logs.`
  } else {
    message = `${at} rejected the request (${statusText})${quoted}.`
  }
  return remoteError(message, details)
}

/** `fetch` failed before any answer: name the network reason in words. */
export function networkFailure(error: unknown, context: RemoteContext): LlmError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const code = cause?.code ?? ''
  const reason =
    networkReason(code) ??
    redact(code || cause?.message || (error as Error).message || String(error), context.apiKey)
  return remoteError(
    `Cannot reach the model server at ${context.server}: ${reason}. Check that the server is running and that the server URL in settings is right.`,
    { server: context.server, networkCode: code },
    error
  )
}

/** A 2xx answer whose body is not what an OpenAI-compatible server sends. */
export function malformedResponse(
  problem: string,
  contentType: string,
  body: string,
  context: RemoteContext
): LlmError {
  if (looksLikeHtml(contentType, body))
    return httpFailure({ status: 200, contentType, body, retries: 0 }, context)
  return remoteError(
    `The model server at ${context.server} sent a malformed answer (${problem}); it may not be OpenAI-compatible. ${urlHint}.`,
    { server: context.server }
  )
}

export function remoteError(message: string, details: Record<string, unknown>, cause?: unknown): LlmError {
  return new LlmError('LLM_REMOTE_ERROR', message, { details, ...(cause === undefined ? {} : { cause }) })
}

/** The URL without user name, password, query or fragment: what is safe to show and to log. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '')
  } catch {
    return '(an invalid URL)'
  }
}

/** The error text of an OpenAI-style, Ollama-style or vLLM-style error body, redacted and shortened. */
export function serverMessage(body: string, apiKey: string | undefined): string | undefined {
  return readableServerText(
    body,
    (json) => {
      const error = json['error']
      const candidate =
        typeof error === 'string'
          ? error
          : ((error as Record<string, unknown> | undefined)?.['message'] ?? json['message'] ?? json['detail'])
      return typeof candidate === 'string' ? candidate : undefined
    },
    (text) => redact(text, apiKey)
  )
}

export { looksLikeHtml }

/** Removes the key and anything presented as a bearer credential. */
export function redact(text: string, apiKey: string | undefined): string {
  const withoutKey = apiKey ? text.split(apiKey).join('[redacted]') : text
  return withoutKey.replace(/(Bearer\s+)\S+/gi, '$1[redacted]')
}
