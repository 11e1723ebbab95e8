/**
 * The soak bench's connection: plays the plan (soakSource.ts) from the stored cursor, the position of the last event
 * processed, and measures each message's latency: from handing it to the engine until the engine asks for the next
 * event (logged, cards decided, cursor stored).
 */
import { performance } from 'node:perf_hooks'
import type { ConnectorDelivery } from '../../engine/connectors/connector'
import type { LiveConnector } from '../../engine/connectors/liveConnector'
import { soakEvents, type SoakPlan } from './soakSource'

export class SoakConnection {
  delivered = 0
  /** Each message's latency in ms, in a buffer sized for the plan (growing an array would show in the RSS). */
  private latencies: Float64Array
  private measured = 0
  private release!: () => void
  private readonly go = new Promise<void>((resolve) => (this.release = resolve))
  private caughtUp!: () => void
  /** Settles once every event of the plan was delivered. */
  readonly done = new Promise<void>((resolve) => (this.caughtUp = resolve))

  /** `onDelivered` is awaited after each event, with how many were delivered: the bench samples memory there. */
  constructor(
    private readonly plan: SoakPlan,
    messages: number,
    private readonly onDelivered: (count: number) => Promise<void> | void
  ) {
    this.latencies = new Float64Array(messages)
  }

  /** The latencies measured, in the order measured. */
  measuredLatencies(): Float64Array {
    return this.latencies.subarray(0, this.measured)
  }

  /** Lets the plan flow (the engine may connect before the bench's first memory reading). */
  start(): void {
    this.release()
  }

  connector(id: string): LiveConnector {
    return {
      id,
      system: 'request-tracker',
      events: (cursor, signal) => this.play(cursor, signal),
      postInternalNote: async () => undefined,
      testConnection: async () => ({ ok: true, message: 'The soak bench source.' }),
      stats: () => ({
        delivered: this.delivered,
        polls: 0,
        skipped: {},
        truncated: 0,
        attachments: 0,
        lastEventAt: null,
        lastPollAt: null,
        lastError: null
      }),
      dispose() {}
    }
  }

  /** The plan's events after `cursor` (the position of the last one processed), then idle until stopped. */
  private async *play(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    await this.go
    const from = cursor === null ? 0 : Number(cursor) + 1
    let position = 0
    for (const event of soakEvents(this.plan)) {
      if (signal.aborted) return
      if (position < from) {
        position++
        continue
      }
      const started = performance.now()
      yield { event, cursor: String(position) }
      // Resumed: the engine processed the event and stored its cursor.
      if (event.type === 'message.added') {
        if (this.measured === this.latencies.length) {
          const grown = new Float64Array(this.latencies.length * 2 + 16)
          grown.set(this.latencies)
          this.latencies = grown
        }
        this.latencies[this.measured++] = performance.now() - started
      }
      position++
      this.delivered++
      await this.onDelivered(position)
    }
    this.caughtUp()
    if (!signal.aborted)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
  }
}
