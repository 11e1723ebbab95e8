/**
 * Where the events of long-resolved tickets go when events.jsonl is rotated (see eventRotation.ts), so that
 * start-up reads a bounded log. `events-archive.jsonl` holds their records, `events-archive.tickets.jsonl` which
 * tickets were archived (read at start: a line per ticket, not per event). A ticket's record reloads on demand.
 */
import { join } from 'node:path'
import { z } from 'zod'
import type { ConnectorEvent } from '../../../shared/events'
import { EventRecord } from './eventLog'
import { JsonLinesWriter, openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

const ArchivedTicket = z.object({ ticketId: z.string().min(1) })

export function eventTicketId(event: ConnectorEvent): string {
  switch (event.type) {
    case 'ticket.opened':
    case 'ticket.updated':
      return event.ticket.id
    case 'message.added':
      return event.message.ticketId
    case 'ticket.resolved':
      return event.ticketId
  }
}

export class EventArchive {
  private readonly tickets = new Set<string>()
  private readonly records: JsonLinesWriter
  private readonly index: JsonLinesWriter

  private constructor(
    private readonly recordsFile: string,
    indexFile: string,
    report: (message: string) => void
  ) {
    this.records = new JsonLinesWriter(recordsFile, (torn) => report(describeTorn(torn)))
    this.index = new JsonLinesWriter(indexFile, (torn) => report(describeTorn(torn)))
  }

  static async open(dataDir: string, report: (message: string) => void): Promise<EventArchive> {
    const indexFile = join(dataDir, 'events-archive.tickets.jsonl')
    const archive = new EventArchive(join(dataDir, 'events-archive.jsonl'), indexFile, report)
    const { records, torn } = await openJsonLines(indexFile, ArchivedTicket)
    if (torn) report(describeTorn(torn))
    for (const { ticketId } of records) archive.tickets.add(ticketId)
    return archive
  }

  has(ticketId: string): boolean {
    return this.tickets.has(ticketId)
  }

  /** Archives records (one write, one sync), then names their tickets: a ticket listed always has its records. */
  async add(records: readonly EventRecord[]): Promise<void> {
    await this.records.appendMany(records)
    const fresh = [...new Set(records.map((record) => eventTicketId(record.event)))].filter(
      (ticketId) => !this.tickets.has(ticketId)
    )
    await this.index.appendMany(fresh.map((ticketId) => ({ ticketId })))
    for (const ticketId of fresh) this.tickets.add(ticketId)
  }

  /**
   * A ticket's archived records, oldest first, each once (a crash during rotation can archive a record twice).
   * Reads the whole archive: it runs when an archived ticket comes back, which is rare.
   */
  async recordsOf(ticketId: string): Promise<EventRecord[]> {
    const seen = new Set<string>()
    const found: EventRecord[] = []
    for (const record of await readJsonLines(this.recordsFile, EventRecord)) {
      if (eventTicketId(record.event) !== ticketId || seen.has(record.event.eventId)) continue
      seen.add(record.event.eventId)
      found.push(record)
    }
    return found
  }

  async close(): Promise<void> {
    await Promise.all([this.records.close(), this.index.close()])
  }
}
