/**
 * What can go wrong talking to a ticketing system, as one coded error a person can act on. Every message names the
 * system and the server (never the token) and says what to check.
 */
import { ErrorCode, VigilError } from '../../../../shared/errors'

export type ConnectorProblem =
  | 'bad-url'
  | 'unreachable'
  | 'timeout'
  | 'missing-token'
  | 'bad-token'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'html-page'
  | 'malformed'
  | 'rejected'
  | 'bad-cursor'

/** Problems that may go away by themselves: the polling loop waits and tries again instead of stopping. */
const transientProblems: ReadonlySet<ConnectorProblem> = new Set([
  'unreachable',
  'timeout',
  'rate-limited',
  'server-error'
])

export interface ConnectorErrorDetails {
  problem: ConnectorProblem
  /** HTTP status, when the server answered. */
  status?: number
  /** How long the server asked to wait (`Retry-After`), when it did. */
  retryAfterMs?: number
}

export class ConnectorError extends VigilError {
  readonly problem: ConnectorProblem
  readonly status: number | undefined
  readonly retryAfterMs: number | undefined

  constructor(message: string, details: ConnectorErrorDetails, options?: { cause?: unknown }) {
    super(ErrorCode.connectorData, message, options)
    this.name = 'ConnectorError'
    this.problem = details.problem
    this.status = details.status
    this.retryAfterMs = details.retryAfterMs
  }

  get transient(): boolean {
    return transientProblems.has(this.problem)
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof ConnectorError && error.transient
}

/** Removes the token, and anything presented as a credential, from text that came from a server. */
export function redactSecret(text: string, secret: string | null | undefined): string {
  const withoutSecret = secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text
  return withoutSecret
    .replace(/((?:Bearer|token|Basic)[\s=]+)[A-Za-z0-9+/=._~-]{8,}/gi, '$1[redacted]')
    .replace(/(api_access_token|apikey|api_key|token)=([^&\s"]+)/gi, '$1=[redacted]')
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
