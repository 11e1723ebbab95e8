/**
 * A connector to a live ticketing system: the engine's Connector, plus what the connections screen needs (a
 * connection test that says exactly what is wrong, counters of delivered and skipped items) and `dispose()`.
 */
import type { ConnectionSystem } from './connectionConfig'
import type { Connector } from './connector'
import type { ConnectorStats } from './connectorCounters'
import { ConnectorError } from './http/connectorError'
import type { ConnectorProblem } from './http/connectorError'

export interface ConnectionTestResult {
  ok: boolean
  /** One or two sentences a person can act on: what works, or what is wrong and what to check. */
  message: string
  problem?: ConnectorProblem
}

export interface LiveConnector extends Connector {
  readonly system: ConnectionSystem
  /** Checks the URL, the token, and the permissions the watch filter and internal notes need. Never throws. */
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>
  stats(): ConnectorStats
  /** Closes push channels (websockets); events() generators end on their own signal. */
  dispose(): void
}

export type { ConnectorStats }

/** A failed connection test, from whatever the check threw. */
export function failedTest(error: unknown): ConnectionTestResult {
  if (error instanceof ConnectorError) return { ok: false, message: error.message, problem: error.problem }
  return { ok: false, message: `The connection test failed unexpectedly: ${(error as Error).message}` }
}
