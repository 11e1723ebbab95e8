/**
 * An append-only archive of records grouped by ticket (the events and the suggestions of long-resolved tickets):
 * `<name>.jsonl` holds the records, `<name>.tickets.jsonl` one line per archived batch of a ticket, with where its
 * lines lie in the records file, so a ticket's records reload on demand without reading the whole archive. Only the
 * index is read at start. An index line without a range (written before ranges existed) means the ticket's records
 * are found by reading the whole archive.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { ArchiveIndex } from './archiveIndex'
import { JsonLinesWriter, openJsonLines, readJsonLines, readJsonLinesRange } from './jsonLines'
import { describeTorn } from './tornTail'

const ArchivedTicket = z.object({
  ticketId: z.string().min(1),
  start: z.number().int().min(0).optional(),
  bytes: z.number().int().min(0).optional()
})

export class TicketArchive<S extends z.ZodType> {
  /** Per archived ticket, the ranges of its records; null when one of its batches has no range (read it all). */
  private readonly tickets = new ArchiveIndex()
  private readonly records: JsonLinesWriter
  private readonly index: JsonLinesWriter

  private constructor(
    private readonly recordsFile: string,
    indexFile: string,
    private readonly schema: S,
    private readonly ticketOf: (record: z.output<S>) => string,
    report: (message: string) => void
  ) {
    this.records = new JsonLinesWriter(recordsFile, (torn) => report(describeTorn(torn)))
    this.index = new JsonLinesWriter(indexFile, (torn) => report(describeTorn(torn)))
  }

  /**
   * Opens `<dataDir>/<name>.jsonl` and its index (`<name>.<indexName>.jsonl`, `indexName` default `tickets`),
   * reading only the index. `ticketOf` names the group a record belongs to (a ticket; for the knowledge history, an
   * entry).
   */
  static async open<S extends z.ZodType>(
    dataDir: string,
    name: string,
    schema: S,
    ticketOf: (record: z.output<S>) => string,
    report: (message: string) => void,
    indexName = 'tickets'
  ): Promise<TicketArchive<S>> {
    const indexFile = join(dataDir, `${name}.${indexName}.jsonl`)
    const archive = new TicketArchive(join(dataDir, `${name}.jsonl`), indexFile, schema, ticketOf, report)
    const { records, torn } = await openJsonLines(indexFile, ArchivedTicket)
    if (torn) report(describeTorn(torn))
    for (const line of records) archive.tickets.note(line.ticketId, line.start, line.bytes)
    return archive
  }

  has(ticketId: string): boolean {
    return this.tickets.has(ticketId)
  }

  /** How many tickets the archive holds. */
  get size(): number {
    return this.tickets.size
  }

  /**
   * Archives records, each ticket's together (one write and one sync for all), then indexes them: a ticket listed
   * always has its records. A crash in between archives them again next time; they are read back once.
   */
  async add(records: readonly z.output<S>[]): Promise<void> {
    const byTicket = new Map<string, z.output<S>[]>()
    for (const record of records) {
      const ticketId = this.ticketOf(record)
      const list = byTicket.get(ticketId) ?? []
      list.push(record)
      byTicket.set(ticketId, list)
    }
    if (byTicket.size === 0) return
    const ordered = [...byTicket.values()].flat()
    const written = await this.records.appendMany(ordered)
    // Each ticket's lines are contiguous: their ranges follow from the lengths of their lines.
    const lines: Array<z.infer<typeof ArchivedTicket>> = []
    let at = written.start
    for (const [ticketId, list] of byTicket) {
      const bytes = list.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)) + 1, 0)
      lines.push({ ticketId, start: at, bytes })
      at += bytes
    }
    await this.index.appendMany(lines)
    for (const line of lines) this.tickets.note(line.ticketId, line.start, line.bytes)
  }

  /** A ticket's archived records, oldest first, each once (`idOf` names a record; the latest copy wins). */
  async recordsOf(ticketId: string, idOf: (record: z.output<S>) => string): Promise<Array<z.output<S>>> {
    const ranges = this.tickets.ranges(ticketId)
    if (ranges === undefined) return []
    const found =
      ranges === null
        ? (await readJsonLines(this.recordsFile, this.schema)).filter(
            (record) => this.ticketOf(record) === ticketId
          )
        : (
            await Promise.all(ranges.map((range) => readJsonLinesRange(this.recordsFile, range, this.schema)))
          ).flat()
    const byId = new Map<string, z.output<S>>()
    for (const record of found) {
      byId.set(idOf(record), record)
    }
    return [...byId.values()]
  }

  async close(): Promise<void> {
    await Promise.all([this.records.close(), this.index.close()])
  }
}
