/**
 * Where the events of long-resolved tickets go (at start when events.jsonl is rotated, see eventRotation.ts, and
 * while running when the engine retires a ticket from memory, see running/retireResolved.ts), so that start-up reads
 * a bounded log. `events-archive.jsonl` holds their records, `events-archive.tickets.jsonl` which tickets were
 * archived and where (read at start: a line per ticket, not per event). A ticket's record reloads on demand.
 */
import { EventRecord, eventTicketId } from './eventLog'
import { TicketArchive } from './ticketArchive'

export { eventTicketId } from './eventLog'

export class EventArchive {
  private constructor(private readonly archive: TicketArchive<typeof EventRecord>) {}

  static async open(dataDir: string, report: (message: string) => void): Promise<EventArchive> {
    return new EventArchive(
      await TicketArchive.open(
        dataDir,
        'events-archive',
        EventRecord,
        (record) => eventTicketId(record.event),
        report
      )
    )
  }

  has(ticketId: string): boolean {
    return this.archive.has(ticketId)
  }

  /** Archives records (one write, one sync), then names their tickets: a ticket listed always has its records. */
  add(records: readonly EventRecord[]): Promise<void> {
    return this.archive.add(records)
  }

  /** A ticket's archived records, oldest first, each once (a crash during rotation can archive a record twice). */
  recordsOf(ticketId: string): Promise<EventRecord[]> {
    return this.archive.recordsOf(ticketId, (record) => record.event.eventId)
  }

  close(): Promise<void> {
    return this.archive.close()
  }
}
