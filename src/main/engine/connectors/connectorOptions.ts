/** What every live connector is built with besides its configuration: the secret store and a few injectable seams. */
import type { SecretStore } from '../host'
import type { RetryPolicy } from '../llm/remote/retryPolicy'
import type { ConnectionConfig } from './connectionConfig'
import { systemNames, tokenSecretKey } from './connectionConfig'
import { ConnectorHttpClient } from './http/connectorHttpClient'

export interface ConnectorOptions {
  /** The Vigil team for tickets of a connection that names none (the analyst's team in settings). */
  defaultTeam: string
  /** Injected for tests. Default the global fetch. */
  fetch?: typeof fetch
  /** Per HTTP attempt. Default 20 000 ms. */
  timeoutMs?: number
  /** HTTP retries. Default: 3 retries, 500 ms doubling, `Retry-After` honoured up to 60 s. */
  retry?: Partial<RetryPolicy>
  /** Overlap of time-windowed polls, covering search-index lag and clock skew. Default 5 minutes. */
  overlapMs?: number
  /** The WebSocket implementation for push channels. Default the `ws` package. */
  webSocket?: typeof import('ws').WebSocket
}

/** An HTTP client for `config`'s server that reads the connection's token from the secret store per request. */
export function connectorHttpClient(
  config: ConnectionConfig,
  secrets: SecretStore,
  options: ConnectorOptions,
  api: { apiBase: string; authorize: (token: string) => Record<string, string> }
): ConnectorHttpClient {
  const secretKey = tokenSecretKey(config.id)
  return new ConnectorHttpClient({
    system: systemNames[config.system],
    apiBase: api.apiBase,
    authorize: api.authorize,
    token: () => secrets.get(secretKey),
    secretKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {})
  })
}
