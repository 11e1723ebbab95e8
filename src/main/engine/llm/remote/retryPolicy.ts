/**
 * When and how long to wait before asking a remote server again: only on 429 (rate limited) and 5xx (server
 * failure), with exponential backoff and jitter, or exactly as long as the server's `Retry-After` asks.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  maxRetries: number
  /** Wait before the first retry; doubles on each further one. Default 500 ms. */
  baseDelayMs: number
  /** Longest computed backoff. Default 8 000 ms. */
  maxDelayMs: number
  /** Longest `Retry-After` honoured; a server asking for more is reported instead of waited for. Default 60 000 ms. */
  maxRetryAfterMs: number
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random: () => number
  /** Waits `ms`, rejecting when `signal` aborts. Default a timer. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
  /** The current time, for `Retry-After` given as an HTTP date. Default `Date.now`. */
  now: () => number
}

export function createRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxRetries: 3,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
    random: Math.random,
    sleep: sleepUnlessAborted,
    now: Date.now,
    ...overrides
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * How long to wait before retry number `retry` (0 for the first): the server's `Retry-After` when given,
 * otherwise `baseDelayMs * 2^retry` capped at `maxDelayMs`, of which the upper half is random ("equal jitter"),
 * so clients that failed together do not retry together.
 */
export function retryDelay(retry: number, policy: RetryPolicy, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return retryAfterMs
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.round(exponential / 2 + (exponential / 2) * policy.random())
}

export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
