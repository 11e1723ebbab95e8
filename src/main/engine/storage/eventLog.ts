/**
 * Every connector event the engine has processed, in order. On start the engine rebuilds each ticket's
 * conversation from it; a re-delivered event (same eventId) is recognised and dropped.
 */
import { z } from 'zod'
import { ConnectorEvent } from '../../../shared/events'
import { JsonLinesWriter, readJsonLines } from './jsonLines'

const EventRecord = z.object({ connectorId: z.string(), event: ConnectorEvent })
type EventRecord = z.infer<typeof EventRecord>

export class EventLog {
  private readonly seen = new Set<string>()
  private readonly writer: JsonLinesWriter

  private constructor(file: string) {
    this.writer = new JsonLinesWriter(file)
  }

  /** Opens the log and returns it with the events already recorded, oldest first. */
  static async open(file: string): Promise<{ log: EventLog; events: EventRecord[] }> {
    const log = new EventLog(file)
    const events = await readJsonLines(file, EventRecord, { owner: true })
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

  flush(): Promise<void> {
    return this.writer.flush()
  }

  /** Flushes and closes the file; a later append opens it again. */
  close(): Promise<void> {
    return this.writer.close()
  }
}
