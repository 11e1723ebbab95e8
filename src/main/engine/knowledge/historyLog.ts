/**
 * A team's earlier entry versions, bounded. `history.jsonl` gets a line whenever a version is replaced (or a sync
 * conflict's losing version is kept). Once it passes `rotateAboveBytes`, its older records move to
 * `history-archive.jsonl`, with `history-archive.entries.jsonl` saying where each entry's lines lie there, and
 * `history.jsonl` is rewritten with the newer half. An entry's whole history then reads back from the recent file
 * plus its own ranges of the archive, never the whole archive, and nothing here is read at start.
 *
 * Same rules as the other logs: every line fdatasync'd before an append resolves, a torn last line moved aside
 * before the next append (JsonLinesWriter), the archive written and synced before the recent file is replaced
 * atomically (a crash in between leaves a version in both, read back once), and a damaged line anywhere else named
 * with its file and line, the file never rewritten.
 */
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { JsonLinesWriter, readJsonLines } from '../storage/jsonLines'
import { TicketArchive } from '../storage/ticketArchive'
import { describeTorn } from '../storage/tornTail'
import { readLines } from './lineReader'
import { HistoryRecord, patchAgainst, resolveHistory, versionKeyOf } from './historyPatch'

export const historyFileName = 'history.jsonl'
const archiveName = 'history-archive'

/** Default bound of `history.jsonl`: 4 MiB (about a hundred versions of a large entry, thousands of small ones). */
export const HISTORY_ROTATE_ABOVE_BYTES = 4 << 20

/** A version's identity: a sync conflict's loser has the winner's number but its own update time. */
export const versionKey = (entry: KnowledgeEntry): string => versionKeyOf(entry)

/** A version to keep, and the version that replaces it when there is one (the record is then a patch). */
export interface ReplacedVersion {
  entry: KnowledgeEntry
  replacedBy?: KnowledgeEntry
}

export class HistoryLog {
  private readonly writer: JsonLinesWriter
  private archive: Promise<TicketArchive<typeof HistoryRecord>> | null = null
  /** Appends, reads and rotation one at a time, so a rotation never drops a line appended while it ran. */
  private queue: Promise<unknown> = Promise.resolve()
  /** After a failed rotation (disk full, a damaged line), the next try waits until the file grew this far. */
  private retryAt = 0

  constructor(
    private readonly folderPath: string,
    private readonly rotateAboveBytes: number,
    private readonly warn: (message: string) => void
  ) {
    this.writer = new JsonLinesWriter(join(folderPath, historyFileName), (torn) => warn(describeTorn(torn)))
  }

  /**
   * Keeps a version durably (as a patch against `replacedBy`, the version replacing it, when given: see
   * historyPatch.ts); rotates the file once it is past its bound (a failed rotation only warns).
   */
  append(entry: KnowledgeEntry, replacedBy?: KnowledgeEntry): Promise<void> {
    return this.appendMany([{ entry, replacedBy }])
  }

  /** Keeps several versions in one durable write (a sync's batch), then rotates as `append` does. */
  appendMany(versions: readonly ReplacedVersion[]): Promise<void> {
    return this.serially(async () => {
      if (versions.length === 0) return
      await this.writer.appendMany(
        versions.map(({ entry, replacedBy }) => (replacedBy ? patchAgainst(entry, replacedBy) : entry))
      )
      const size = this.writer.bytes
      if (size <= this.rotateAboveBytes || size < this.retryAt) return
      try {
        await this.rotate()
      } catch (error) {
        this.retryAt = size + this.rotateAboveBytes
        this.warn(
          `${this.writer.file}: older versions could not be moved to ${archiveName}.jsonl (${(error as Error).message}); every version is still kept`
        )
      }
    })
  }

  /**
   * Every kept version of an entry (archived ones first), in the order they were written, copies included; patches
   * are rebuilt against `current` (the entry's current version) and the other kept versions.
   */
  versionsOf(id: string, current?: KnowledgeEntry): Promise<KnowledgeEntry[]> {
    return this.serially(async () => {
      const archive = await this.openArchive()
      const archived = archive.has(id) ? await archive.recordsOf(id, recordKey) : []
      const recent = (await readJsonLines(this.writer.file, HistoryRecord)).filter(
        (record) => record.id === id
      )
      return resolveHistory([...archived, ...recent], current)
    })
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined)
    await this.writer.close()
    if (this.archive) await (await this.archive.catch(() => null))?.close()
  }

  /**
   * Moves the older records to the archive, keeping the newest that fit in half the bound. Lines are copied as
   * written (fields this version does not know survive); every line is checked first, so a damaged file is left
   * alone.
   */
  private async rotate(): Promise<void> {
    const lines: Array<{ record: { id: string }; bytes: number }> = []
    for await (const line of readLines(this.writer.file)) {
      if (line.text.trim() === '' && line.validUtf8) continue
      const record = line.validUtf8 ? parse(line.text) : null
      if (!record)
        throw new VigilError(
          ErrorCode.storageFailed,
          `${this.writer.file} line ${line.number}: not a valid version`
        )
      lines.push({ record, bytes: line.end - line.start })
    }
    let kept = 0
    let keptBytes = 0
    while (
      kept < lines.length - 1 &&
      keptBytes + lines[lines.length - 1 - kept]!.bytes <= this.rotateAboveBytes / 2
    )
      keptBytes += lines[lines.length - 1 - kept++]!.bytes
    const moved = lines.slice(0, lines.length - kept).map((line) => line.record)
    const archive = await this.openArchive()
    await archive.add(moved as never[])
    this.writer.replaceAll(lines.slice(lines.length - kept).map((line) => line.record))
  }

  private openArchive(): Promise<TicketArchive<typeof HistoryRecord>> {
    this.archive ??= TicketArchive.open(
      this.folderPath,
      archiveName,
      HistoryRecord,
      (entry) => entry.id,
      this.warn,
      'entries'
    )
    // A failed open (an unreadable index) is tried again next time rather than remembered.
    this.archive.catch(() => (this.archive = null))
    return this.archive
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task)
    this.queue = result.catch(() => undefined)
    return result
  }
}

/**
 * The archive keeps one record per name: a whole version and a patch for the same version are told apart, so a
 * patch that cannot be read (its base never written) does not hide a whole copy, nor the reverse.
 */
const recordKey = (record: HistoryRecord): string =>
  `${versionKeyOf(record)}${'patch' in record ? `|${record.patch.base}` : ''}`

/** The line as written, when it is a valid version (validated, but kept as parsed JSON). */
function parse(text: string): { id: string } | null {
  try {
    const json: unknown = JSON.parse(text)
    return HistoryRecord.safeParse(json).success ? (json as { id: string }) : null
  } catch {
    return null
  }
}
