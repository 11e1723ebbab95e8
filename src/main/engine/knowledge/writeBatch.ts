/**
 * One turn of a team's write queue (group commit): the operations queued while the previous write was in flight,
 * each computed against the latest state, earlier operations of the same batch included. One that throws fails alone.
 */
import { KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { describeIssues, type LogRecord } from './records'

/** Computes one log record from the latest state; may throw (e.g. NOT_FOUND) to fail just that operation. */
export type Operation = (latest: (id: string) => KnowledgeEntry | undefined) => LogRecord

export interface Pending {
  operation: Operation
  /** Not reported by `changedSince` (an entry that came from team sync). */
  quiet: boolean
  resolve: (entry: KnowledgeEntry) => void
  reject: (error: unknown) => void
}

export interface Accepted {
  item: Pending
  record: LogRecord
  entry: KnowledgeEntry
  previous: KnowledgeEntry | undefined
}

/** The batch's records to write, in order; an operation that throws is rejected here and left out. */
export function acceptBatch(
  batch: readonly Pending[],
  stored: (id: string) => KnowledgeEntry | undefined
): Accepted[] {
  const overlay = new Map<string, KnowledgeEntry>()
  const latest = (id: string) => overlay.get(id) ?? stored(id)
  const accepted: Accepted[] = []
  for (const item of batch) {
    try {
      const record = item.operation(latest)
      const entry = resultingEntry(record, latest)
      const previous = latest(entry.id)
      overlay.set(entry.id, entry)
      accepted.push({ item, record, entry, previous })
    } catch (error) {
      item.reject(error)
    }
  }
  return accepted
}

function resultingEntry(
  record: LogRecord,
  latest: (id: string) => KnowledgeEntry | undefined
): KnowledgeEntry {
  if (record.op === 'put') return record.entry
  const entry = latest(record.id)
  if (!entry) throw new VigilError(ErrorCode.notFound, `No knowledge entry ${record.id}`)
  return { ...entry, counters: record.counters }
}

/** The error a caller gets when the disk refused a write: STORAGE_FAILED naming what was being done. */
export function storageFailed(action: string, error: unknown): VigilError {
  if (error instanceof VigilError) return error
  return new VigilError(ErrorCode.storageFailed, `Could not ${action}: ${(error as Error).message}`, {
    cause: error
  })
}

/** The entry with the counters of the version already stored, if any: counters move only as changes. */
export function withLatestCounters(
  entry: KnowledgeEntry,
  stored: KnowledgeEntry | undefined
): KnowledgeEntry {
  return stored ? { ...entry, counters: stored.counters } : entry
}

/** The entry as its schema reads it, or BAD_INPUT naming the field ("Invalid knowledge entry kb-1: title: ..."). */
export function validEntry(entry: KnowledgeEntry, named: string): KnowledgeEntry {
  const parsed = KnowledgeEntry.safeParse(entry)
  if (!parsed.success)
    throw new VigilError(
      ErrorCode.badInput,
      `Invalid knowledge entry${named}: ${describeIssues(parsed.error)}`
    )
  return parsed.data
}
