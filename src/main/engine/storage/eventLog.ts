/**
 * Every connector event the engine has processed, in order. On start the engine rebuilds each ticket's
 * conversation from it; a re-delivered event (same eventId) is recognised and dropped.
 *
 * The log stays bounded while the engine runs: a ticket the engine retires (running/retireResolved.ts) has its
 * records archived first, and once the retired records make up half the file it is compacted, rewritten with the
 * records of the tickets still in memory, in their order. The records of those tickets are kept here for that
 * (they share their messages with the conversations, so they cost little).
 */
import { z } from 'zod'
import { ConnectorEvent } from '../../../shared/events'
import { JsonLinesWriter, openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

export const EventRecord = z.object({ connectorId: z.string(), event: ConnectorEvent })
export type EventRecord = z.infer<typeof EventRecord>

/**
 * The logged events, read without opening the log for writing (nothing is moved or cut): for tools that only look.
 * Given several files (the archive, then the log), reads them as one, each event once (its first copy).
 */
export async function readEventLog(...files: string[]): Promise<ConnectorEvent[]> {
  const seen = new Set<string>()
  const events: ConnectorEvent[] = []
  for (const file of files)
    for (const { event } of await readJsonLines(file, EventRecord)) {
      if (seen.has(event.eventId)) continue
      seen.add(event.eventId)
      events.push(event)
    }
  return events
}

/** The ticket an event belongs to. */
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

/** Compaction waits until at least this many records were retired, so a small log is never rewritten. */
const COMPACT_AT_LEAST = 2_000

export class EventLog {
  /** The ids of every event in the file: retired ones stay until the file is compacted. */
  private readonly seen = new Set<string>()
  /** The records of tickets in memory, in log order, by event id. */
  private readonly live = new Map<string, EventRecord>()
  private readonly byTicket = new Map<string, string[]>()
  /** Records in the file whose tickets were retired (archived): dropped at the next compaction. */
  private retired = 0
  private readonly writer: JsonLinesWriter

  private constructor(
    file: string,
    report: (message: string) => void,
    private readonly compactAtLeast: number
  ) {
    // Synced per cursor write, not per event (see `sync`): an fsync per message doubled a replay's time.
    this.writer = new JsonLinesWriter(file, (torn) => report(describeTorn(torn)), false)
  }

  /**
   * Opens the log and returns it with the events already recorded, oldest first. An unfinished last record is
   * moved aside and `report`ed once; damage anywhere else refuses to open, naming the file and line.
   */
  static async open(
    file: string,
    report: (message: string) => void = () => undefined,
    /** Compact only once at least this many records were retired. Default 2,000. */
    compactAtLeast = COMPACT_AT_LEAST
  ): Promise<{ log: EventLog; events: EventRecord[] }> {
    const log = new EventLog(file, report, compactAtLeast)
    const { records: events, torn } = await openJsonLines(file, EventRecord)
    if (torn) report(describeTorn(torn))
    for (const record of events) log.track(record)
    return { log, events }
  }

  has(eventId: string): boolean {
    return this.seen.has(eventId)
  }

  append(connectorId: string, event: ConnectorEvent): Promise<void> {
    const record = { connectorId, event } satisfies EventRecord
    this.track(record)
    return this.writer.append(record)
  }

  /** Which of `records` the file does not hold (to be appended again when their ticket comes back). */
  missing(records: readonly EventRecord[]): EventRecord[] {
    return records.filter((record) => !this.seen.has(record.event.eventId))
  }

  /**
   * The records of a ticket brought back from the archive, oldest first: live again, and those the file no longer
   * holds (compacted away) appended in one write, so a kill leaves the ticket logged whole or not at all.
   */
  async bringBack(records: readonly EventRecord[]): Promise<void> {
    const appended = this.missing(records)
    for (const record of records) {
      const { eventId } = record.event
      if (!this.seen.has(eventId) || this.live.has(eventId)) continue
      this.live.set(eventId, record)
      this.retired--
      const ticketId = eventTicketId(record.event)
      this.byTicket.set(ticketId, [...(this.byTicket.get(ticketId) ?? []), eventId])
    }
    if (appended.length === 0) return
    await this.writer.appendMany(appended)
    for (const record of appended) this.track(record)
  }

  /** The logged records of a ticket in memory, oldest first. */
  recordsOf(ticketId: string): EventRecord[] {
    return (this.byTicket.get(ticketId) ?? []).map((eventId) => this.live.get(eventId)!)
  }

  /**
   * Forgets a ticket whose records are archived: they leave the file at the next compaction, and their ids with
   * them (until then a re-delivered event of the ticket is still recognised here).
   */
  retire(ticketId: string): void {
    for (const eventId of this.byTicket.get(ticketId) ?? []) {
      this.live.delete(eventId)
      this.retired++
    }
    this.byTicket.delete(ticketId)
  }

  /**
   * Rewrites the file with the records still live once retired ones make up half of it (so the work is paid once
   * per doubling). Returns the ids now in the file, or null when it was not worth it yet.
   */
  compactIfWorthIt(): ReadonlySet<string> | null {
    if (this.retired < this.compactAtLeast || this.retired < this.live.size) return null
    this.writer.replaceAll(this.live.values())
    this.seen.clear()
    for (const eventId of this.live.keys()) this.seen.add(eventId)
    this.retired = 0
    return this.seen
  }

  /**
   * Makes the logged events survive power loss. Called before a connector cursor is saved, so a durable cursor
   * never points past events the log could lose; events after it are delivered again and recognised.
   */
  sync(): void {
    this.writer.sync()
  }

  flush(): Promise<void> {
    return this.writer.flush()
  }

  /** Flushes and closes the file; a later append opens it again. */
  close(): Promise<void> {
    return this.writer.close()
  }

  private track(record: EventRecord): void {
    const { eventId } = record.event
    if (this.seen.has(eventId)) return
    this.seen.add(eventId)
    this.live.set(eventId, record)
    const ticketId = eventTicketId(record.event)
    const list = this.byTicket.get(ticketId)
    if (list) list.push(eventId)
    else this.byTicket.set(ticketId, [eventId])
  }
}
