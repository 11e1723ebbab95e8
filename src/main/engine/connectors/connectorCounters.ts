/**
 * What a connector has done, for the connections screen: events delivered, items skipped (and why), polls, the
 * last error. Counting is cheap and never throws.
 */

/** Why an item from the ticketing system did not become an event. */
export type SkipReason =
  | 'unknown-type'
  | 'deleted'
  | 'malformed'
  | 'duplicate'
  | 'before-start'
  | 'empty'
  | 'unknown-push-event'

export type ConnectorStats = {
  delivered: number
  polls: number
  skipped: Partial<Record<SkipReason, number>>
  /** Messages cut to the size cap. */
  truncated: number
  /** Attachments noted in message texts (never downloaded). */
  attachments: number
  /** Server time of the newest delivered event. */
  lastEventAt: string | null
  lastPollAt: string | null
  lastError: { problem: string; message: string; at: string } | null
  /** The push channel (Chatwoot's websocket); 'off' for connectors that only poll. */
  push?: 'off' | 'connecting' | 'connected' | 'closed'
}

export class ConnectorCounters {
  private stats: ConnectorStats = {
    delivered: 0,
    polls: 0,
    skipped: {},
    truncated: 0,
    attachments: 0,
    lastEventAt: null,
    lastPollAt: null,
    lastError: null,
    push: 'off'
  }

  constructor(private readonly now: () => Date = () => new Date()) {}

  skip(reason: SkipReason, count = 1): void {
    this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + count
  }

  delivered(at: string): void {
    this.stats.delivered++
    if (!this.stats.lastEventAt || at > this.stats.lastEventAt) this.stats.lastEventAt = at
  }

  polled(): void {
    this.stats.polls++
    this.stats.lastPollAt = this.now().toISOString()
    this.stats.lastError = null
  }

  noted(body: { truncated: boolean }, attachments: number): void {
    if (body.truncated) this.stats.truncated++
    this.stats.attachments += attachments
  }

  failed(problem: string, message: string): void {
    this.stats.lastError = { problem, message, at: this.now().toISOString() }
  }

  pushState(state: NonNullable<ConnectorStats['push']>): void {
    this.stats.push = state
  }

  snapshot(): ConnectorStats {
    return { ...this.stats, skipped: { ...this.stats.skipped } }
  }
}
