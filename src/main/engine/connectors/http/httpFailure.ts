/** Turns a failed exchange with a ticketing system into a ConnectorError whose message says what to fix. */
import { STATUS_CODES } from 'node:http'
import { looksLikeHtml, networkReason, readableServerText } from '../../http/serverText'
import { ConnectorError, redactSecret } from './connectorError'

export interface ServerIdentity {
  /** The product, as people call it: "Request Tracker", "Zendesk". */
  system: string
  /** The server as shown to people (see `displayUrl`). */
  server: string
}

export interface FailedExchange {
  status: number
  contentType: string
  body: string
  /** The request, for messages: "GET /tickets". */
  request: string
  retries: number
  retryAfterMs?: number
  /** Redacted from whatever the server says. */
  token: string | null
}

export function httpFailure(exchange: FailedExchange, at: ServerIdentity): ConnectorError {
  const { status, retries, retryAfterMs } = exchange
  const statusText = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`
  const where = `${at.system} at ${at.server}`
  const said = serverMessage(exchange.body, exchange.token)
  const quoted = said ? `: "${said}"` : ''
  const fail = (problem: ConnectorError['problem'], message: string): ConnectorError =>
    new ConnectorError(message, { problem, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })

  if (status === 401) {
    return fail(
      'bad-token',
      `${where} refused the token (${statusText})${quoted}. It may be wrong, expired or revoked: create a new ` +
        'one and store it in the connection settings.'
    )
  }
  if (status === 403) {
    return fail(
      'forbidden',
      `${where} accepted the token but does not allow ${exchange.request} (${statusText})${quoted}. The user ` +
        'lacks a permission: ask an administrator to grant it.'
    )
  }
  const html = looksLikeHtml(exchange.contentType, exchange.body)
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : ` and asks to wait ${Math.ceil(retryAfterMs / 1000)} s`
    return fail(
      'rate-limited',
      `${where} is rate limiting requests (${statusText})${wait}; still so after ${retries} retries. Vigil will try again later.`
    )
  }
  if (status >= 500) {
    // A proxy's HTML error page while the system is down or restarting: it passes, like any server failure.
    const page = html ? ' with an HTML error page instead of JSON' : quoted
    return fail(
      'server-error',
      `${where} failed on ${exchange.request} (${statusText}) after ${retries} retries${page}. The server or a proxy ` +
        'in front of it may be down or overloaded; Vigil will try again.'
    )
  }
  if (html || (status >= 300 && status < 400)) {
    return fail(
      'html-page',
      `${where} answered ${exchange.request} with ${status >= 300 && status < 400 ? 'a redirect' : 'an HTML page'} ` +
        `(${statusText}) instead of JSON: the URL points at a website, a login page or a proxy rather than the ` +
        `${at.system} API. Check the base URL in the connection settings.`
    )
  }
  if (status === 404) {
    return fail(
      'not-found',
      `${where} does not know ${exchange.request} (${statusText})${quoted}. Check the base URL and the ticket, ` +
        'queue or group named in the connection settings.'
    )
  }
  return fail('rejected', `${where} rejected ${exchange.request} (${statusText})${quoted}.`)
}

/** `fetch` failed before any answer: the network reason in words. */
export function networkFailure(error: unknown, at: ServerIdentity, request: string): ConnectorError {
  const cause = (error as { cause?: { code?: string } }).cause
  const code = cause?.code ?? ''
  const reason = networkReason(code) ?? (code || 'the request failed')
  return new ConnectorError(
    `Cannot reach ${at.system} at ${at.server} for ${request}: ${reason}. Check the base URL and that the server ` +
      'is running and reachable from this computer.',
    { problem: 'unreachable' },
    { cause: error }
  )
}

export function timeoutFailure(at: ServerIdentity, request: string, timeoutMs: number): ConnectorError {
  return new ConnectorError(
    `${at.system} at ${at.server} did not answer ${request} within ${Math.round(timeoutMs / 1000)} s. The server ` +
      'may be overloaded; Vigil will try again.',
    { problem: 'timeout' }
  )
}

/** A 2xx answer that is not the JSON the API documents. */
export function malformedAnswer(at: ServerIdentity, request: string, problem: string): ConnectorError {
  return new ConnectorError(
    `${at.system} at ${at.server} sent an unexpected answer to ${request} (${problem}). Check that the base URL ` +
      `points at ${at.system} and that its version is supported.`,
    { problem: 'malformed' }
  )
}

/** The error text of a JSON error body (`error`, `message`, `description`, `errors`), redacted and shortened. */
export function serverMessage(body: string, token: string | null): string | undefined {
  return readableServerText(
    body,
    (json) => {
      const candidate =
        json['error'] ?? json['message'] ?? json['description'] ?? json['errors'] ?? json['details']
      if (typeof candidate === 'string') return candidate
      return candidate === undefined ? undefined : JSON.stringify(candidate).slice(0, 400)
    },
    (text) => redactSecret(text, token)
  )
}

export { looksLikeHtml }
