/**
 * Internal notes posted on a replayed ticket, handed back as messages of that ticket, the way a real system shows
 * the note to the next poll (Request Tracker lists a comment as the ticket's next transaction). Without this, the
 * demo said "Posted to NIM-1010" and nothing appeared in the conversation.
 *
 * A note wakes the replay from its wait between recorded events (and from a pause), so it appears at once.
 */
import { randomUUID } from 'node:crypto'
import type { ConnectorEvent } from '../../../shared/events'

export const NOTE_AUTHOR = 'Internal note'

export class NoteEchoes {
  private readonly pending: ConnectorEvent[] = []
  private wake: (() => void) | null = null

  /** Queues the note as the ticket's next message, one millisecond after the last recorded event (`after`). */
  add(ticketId: string, text: string, after: string | null): void {
    const time = new Date((after ? Date.parse(after) : Date.now()) + 1).toISOString()
    const id = `note-${randomUUID()}`
    this.pending.push({
      eventId: id,
      type: 'message.added',
      message: { id, ticketId, authorRole: 'analyst', authorName: NOTE_AUTHOR, text, time, internal: true }
    })
    this.wake?.()
  }

  /** The notes queued since the last call, oldest first. */
  take(): ConnectorEvent[] {
    return this.pending.splice(0)
  }

  /** Waits for `wait` (a sleep or a pause) unless a note arrives first; true when a note ended the wait. */
  async waitUnlessNote(wait: (signal: AbortSignal) => Promise<void>, signal: AbortSignal): Promise<boolean> {
    if (this.pending.length > 0) return true
    const woken = new AbortController()
    const stop = (): void => woken.abort()
    signal.addEventListener('abort', stop, { once: true })
    this.wake = stop
    try {
      await wait(woken.signal)
    } finally {
      this.wake = null
      signal.removeEventListener('abort', stop)
    }
    return !signal.aborted && this.pending.length > 0
  }
}
