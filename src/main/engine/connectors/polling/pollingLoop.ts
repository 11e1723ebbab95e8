/**
 * The loop every polling connector runs: poll from the cursor's state, yield each event with the cursor after it,
 * wait (or be woken by a push channel), poll again. Failures that may pass (network, timeouts, 429, 5xx) are
 * counted and retried with growing waits, honouring `Retry-After`; the cursor stays where it was. Failures that
 * need a person (bad token, missing permission, wrong URL) end the stream with that error.
 */
import type { ConnectorEvent } from '../../../../shared/events'
import { eventTime } from '../../../../shared/events'
import type { ConnectorDelivery } from '../connector'
import type { ConnectorCounters } from '../connectorCounters'
import { ConnectorError, isTransient } from '../http/connectorError'
import { RecentIds } from './recentIds'
import { WakeSignal } from './wakeSignal'

export interface PolledEvent<S> {
  event: ConnectorEvent
  /** The state after this event: resuming from it neither repeats nor skips this event. */
  state: S
}

export interface PollingSource<S> {
  /** Forgets what this source told the engine in an earlier stream: a new stream starts from a stored cursor. */
  reset?(): void
  /** Where to begin without a cursor (e.g. "now" by the server's clock). */
  initialState(signal: AbortSignal): Promise<S>
  /** One poll: the new events in order; returns the state after all of them. */
  poll(state: S, signal: AbortSignal): AsyncGenerator<PolledEvent<S>, S>
}

export interface PollingLoopOptions<S> {
  source: PollingSource<S>
  decode(cursor: string): S
  encode(state: S): string
  intervalMs: number
  counters: ConnectorCounters
  /** Woken by push channels. Default: a signal nobody wakes. */
  wake?: WakeSignal
  /** Longest wait after repeated failures. Default 5 minutes. */
  maxBackoffMs?: number
}

export async function* pollingLoop<S>(
  cursor: string | null,
  signal: AbortSignal,
  options: PollingLoopOptions<S>
): AsyncGenerator<ConnectorDelivery> {
  const { source, counters, intervalMs } = options
  const wake = options.wake ?? new WakeSignal()
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000
  let state: S | null = cursor === null ? null : options.decode(cursor)
  source.reset?.()
  let failures = 0
  const recent = new RecentIds()
  while (!signal.aborted) {
    let wait = intervalMs
    try {
      state ??= await source.initialState(signal)
      const poll = source.poll(state, signal)
      for (;;) {
        const next = await poll.next()
        if (next.done) {
          state = next.value
          break
        }
        state = next.value.state
        // A page that shifted under us, or context re-sent before a message, must not reach the engine twice.
        if (recent.seen(next.value.event.eventId)) {
          counters.skip('duplicate')
          continue
        }
        counters.delivered(eventTime(next.value.event))
        yield { event: next.value.event, cursor: options.encode(state) }
        if (signal.aborted) return
      }
      counters.polled()
      failures = 0
    } catch (error) {
      if (signal.aborted) return
      if (!isTransient(error)) {
        if (error instanceof ConnectorError) counters.failed(error.problem, error.message)
        throw error
      }
      const failure = error as ConnectorError
      counters.failed(failure.problem, failure.message)
      failures++
      // A server's Retry-After is honoured even past the usual backoff, up to an hour.
      wait =
        failure.retryAfterMs !== undefined
          ? Math.min(failure.retryAfterMs, 3_600_000)
          : Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 10))
    }
    await wake.wait(wait, signal)
  }
}
