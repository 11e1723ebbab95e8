/** What the time-window connectors (Zendesk, Zammad, Chatwoot, Freshdesk) share: the loop, the cursor, the counters. */
import type { ConnectionConfig, ConnectionSystem } from '../connectionConfig'
import type { ConnectorDelivery } from '../connector'
import { ConnectorCounters } from '../connectorCounters'
import type { ConnectorStats } from '../connectorCounters'
import type { ConnectorOptions } from '../connectorOptions'
import { decodeCursor, encodeCursor } from '../cursorCodec'
import type { ConnectionTestResult, LiveConnector } from '../liveConnector'
import { pollingLoop } from './pollingLoop'
import { TimeWindowSource, WindowState } from './timeWindowSource'
import type { WindowAdapter, WindowTicket } from './timeWindowSource'
import { WakeSignal } from './wakeSignal'

export abstract class WindowConnector<T extends WindowTicket> implements LiveConnector {
  abstract readonly system: ConnectionSystem
  readonly id: string
  protected readonly counters = new ConnectorCounters()
  /** Push channels wake the loop so that a poll runs at once. */
  protected readonly wake = new WakeSignal()
  private source: TimeWindowSource<T> | null = null

  constructor(
    protected readonly config: ConnectionConfig,
    protected readonly options: ConnectorOptions
  ) {
    this.id = config.id
  }

  protected abstract adapter(): WindowAdapter<T>

  abstract postInternalNote(ticketId: string, text: string): Promise<void>

  abstract testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>

  events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    this.source ??= new TimeWindowSource(this.adapter(), {
      connectionId: this.config.id,
      startFrom: this.config.startFrom,
      overlapMs: this.options.overlapMs ?? 5 * 60_000,
      counters: this.counters
    })
    return pollingLoop(cursor, signal, {
      source: this.source,
      decode: (text) => decodeCursor(this.system, text, WindowState),
      encode: (state) => encodeCursor(this.system, state),
      intervalMs: this.config.pollIntervalMs,
      counters: this.counters,
      wake: this.wake
    })
  }

  stats(): ConnectorStats {
    return this.counters.snapshot()
  }

  dispose(): void {}

  protected get team(): string {
    return this.config.team ?? this.options.defaultTeam
  }
}
