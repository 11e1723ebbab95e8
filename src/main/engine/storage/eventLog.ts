/**
 * Every connector event the engine has processed, in order. On start the engine rebuilds each ticket's
 * conversation from it; a re-delivered event (same eventId) is recognised and dropped.
 */
import { z } from 'zod'
import { ConnectorEvent } from '../../../shared/events'
import { JsonLinesWriter, openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

export const EventRecord = z.object({ connectorId: z.string(), event: ConnectorEvent })
export type EventRecord = z.infer<typeof EventRecord>

/** The logged events, read without opening the log for writing (nothing is moved or cut): for tools that only look. */
export async function readEventLog(file: string): Promise<ConnectorEvent[]> {
  return (await readJsonLines(file, EventRecord)).map((record) => record.event)
}

export class EventLog {
  private readonly seen = new Set<string>()
  private readonly writer: JsonLinesWriter

  private constructor(file: string, report: (message: string) => void) {
    // Synced per cursor write, not per event (see `sync`): an fsync per message doubled a replay's time.
    this.writer = new JsonLinesWriter(file, (torn) => report(describeTorn(torn)), false)
  }

  /**
   * Opens the log and returns it with the events already recorded, oldest first. An unfinished last record is
   * moved aside and `report`ed once; damage anywhere else refuses to open, naming the file and line.
   */
  static async open(
    file: string,
    report: (message: string) => void = () => undefined
  ): Promise<{ log: EventLog; events: EventRecord[] }> {
    const log = new EventLog(file, report)
    const { records: events, torn } = await openJsonLines(file, EventRecord)
    if (torn) report(describeTorn(torn))
    for (const record of events) log.seen.add(record.event.eventId)
    return { log, events }
  }

  has(eventId: string): boolean {
    return this.seen.has(eventId)
  }

  append(connectorId: string, event: ConnectorEvent): Promise<void> {
    this.seen.add(event.eventId)
    return this.writer.append({ connectorId, event } satisfies EventRecord)
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
}
