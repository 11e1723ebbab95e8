/**
 * The one way connectors talk HTTP: JSON requests with a timeout, retries with backoff on 429 and 5xx (honouring
 * `Retry-After`), and failures turned into ConnectorErrors a person can act on. The token is read from the secret
 * store for each request and never appears in an error message, a log line or a URL.
 */
import {
  createRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay
} from '../../llm/remote/retryPolicy'
import type { RetryPolicy } from '../../llm/remote/retryPolicy'
import { ConnectorError, displayUrl } from './connectorError'
import { httpFailure, looksLikeHtml, malformedAnswer, networkFailure, timeoutFailure } from './httpFailure'
import type { ServerIdentity } from './httpFailure'
import { readLimited } from './readLimited'

export interface ConnectorHttpClientOptions {
  /** The product, for messages: "Zendesk". */
  system: string
  /** Root of the API, e.g. `https://acme.zendesk.com/api/v2`; relative paths are resolved against it. */
  apiBase: string
  /** Reads the token for each request (so a replaced token is used at once); null when none is stored. */
  token: () => Promise<string | null>
  /** The headers that present the token. */
  authorize: (token: string) => Record<string, string>
  /** Where the person stores the token, for the missing-token message. */
  secretKey: string
  /** Per attempt. Default 20 000 ms. */
  timeoutMs?: number
  /** Default: 3 retries, 500 ms doubling to 8 s, `Retry-After` honoured up to 60 s. */
  retry?: Partial<RetryPolicy>
  /** Larger answers are refused rather than held in memory. Default 32 MiB. */
  maxResponseBytes?: number
  /** Injected for tests. Default the global fetch. */
  fetch?: typeof fetch
}

export type Query = Record<string, string | number | boolean | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
}

export interface JsonResponse {
  status: number
  headers: Headers
  /** The parsed body; null for an empty one (204). */
  json: unknown
}

export class ConnectorHttpClient {
  readonly identity: ServerIdentity
  private readonly base: URL
  private readonly policy: RetryPolicy
  private readonly fetch: typeof fetch

  constructor(private readonly options: ConnectorHttpClientOptions) {
    this.base = new URL(options.apiBase.replace(/\/*$/, '/'))
    this.identity = { system: options.system, server: displayUrl(options.apiBase) }
    this.policy = createRetryPolicy(options.retry)
    this.fetch = options.fetch ?? globalThis.fetch
  }

  get(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
    return this.request('GET', path, options)
  }

  post(path: string, body: unknown, options: RequestOptions = {}): Promise<JsonResponse> {
    return this.request('POST', path, { ...options, body })
  }

  put(path: string, body: unknown, options: RequestOptions = {}): Promise<JsonResponse> {
    return this.request('PUT', path, { ...options, body })
  }

  /** Only GET is repeated after a 5xx or a network failure: a repeated POST could post a note twice. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<JsonResponse> {
    const url = this.resolve(path, options.query)
    const label = `${method} ${url.pathname.slice(this.base.pathname.length - 1) || '/'}`
    const token = await this.options.token()
    if (!token) {
      throw new ConnectorError(
        `No token is stored for this ${this.options.system} connection (secret "${this.options.secretKey}"). ` +
          'Add the API token in the connection settings.',
        { problem: 'missing-token' }
      )
    }
    const signal = options.signal ?? new AbortController().signal
    const timeoutMs = this.options.timeoutMs ?? 20_000
    for (let retry = 0; ; retry++) {
      let response: Response
      try {
        response = await this.fetch(url, {
          method,
          headers: this.headers(token, options.body !== undefined),
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          redirect: 'manual',
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
        })
      } catch (error) {
        if (signal.aborted) throw error
        const failure =
          (error as Error).name === 'TimeoutError'
            ? timeoutFailure(this.identity, label, timeoutMs)
            : networkFailure(error, this.identity, label)
        if (method !== 'GET' || retry >= this.policy.maxRetries) throw failure
        await this.policy.sleep(retryDelay(retry, this.policy, undefined), signal)
        continue
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.policy.now())
      const mayRetry =
        isRetryableStatus(response.status) &&
        (method === 'GET' || response.status === 429) &&
        retry < this.policy.maxRetries &&
        (retryAfterMs === undefined || retryAfterMs <= this.policy.maxRetryAfterMs)
      if (mayRetry) {
        await response.body?.cancel()
        await this.policy.sleep(retryDelay(retry, this.policy, retryAfterMs), signal)
        continue
      }
      return this.read(response, label, token, retry, retryAfterMs)
    }
  }

  private async read(
    response: Response,
    label: string,
    token: string,
    retries: number,
    retryAfterMs: number | undefined
  ): Promise<JsonResponse> {
    const limit = this.options.maxResponseBytes ?? 32 * 1024 * 1024
    const body = await readLimited(response, limit)
    if (body === null) throw malformedAnswer(this.identity, label, `the answer is larger than ${limit} bytes`)
    const contentType = response.headers.get('content-type') ?? ''
    if (response.status < 200 || response.status >= 300) {
      throw httpFailure(
        { status: response.status, contentType, body, request: label, retries, token, retryAfterMs },
        this.identity
      )
    }
    if (body.trim() === '') return { status: response.status, headers: response.headers, json: null }
    if (looksLikeHtml(contentType, body)) {
      throw httpFailure(
        { status: response.status, contentType, body, request: label, retries, token },
        this.identity
      )
    }
    try {
      return { status: response.status, headers: response.headers, json: JSON.parse(body) }
    } catch {
      throw malformedAnswer(this.identity, label, 'the body is not JSON')
    }
  }

  private headers(token: string, hasBody: boolean): Record<string, string> {
    return {
      accept: 'application/json',
      'user-agent': 'Vigil-Connector/1',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...this.options.authorize(token)
    }
  }

  /** The token goes only to the configured server: a link to another origin (a next page) is refused. */
  private resolve(path: string, query: Query | undefined): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path.replace(/^\/+/, ''), this.base)
    if (url.origin !== this.base.origin) {
      throw malformedAnswer(this.identity, `a link to ${url.origin}`, 'it points at another server')
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    return url
  }
}
