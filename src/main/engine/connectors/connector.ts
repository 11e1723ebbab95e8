/**
 * A ticketing system as the engine sees it: an ordered stream of events, each with a cursor the engine stores
 * durably once the event is processed, and the ability to post an internal note.
 */
import type { ConnectorEvent } from '../../../shared/events'

export interface ConnectorDelivery {
  event: ConnectorEvent
  /** Opaque; passing it back to `events()` resumes right after this event. */
  cursor: string
}

export interface Connector {
  /** Stable id, used as the key of the stored cursor. */
  readonly id: string
  /**
   * Yields events after `cursor` (from the beginning when null), in order. Finite sources return when done;
   * live sources run until `signal` aborts. Events are not validated by the caller's trust: the engine parses
   * each one with the zod schema.
   */
  events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery>
  /** Posts a note visible to analysts only. */
  postInternalNote(ticketId: string, text: string): Promise<void>
}

/** Sleeps `ms`, resolving early (without error) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
