/**
 * When a team's log is compacted into a new snapshot (TeamKnowledge does it): the trade between rewriting the
 * snapshot (a few tens of ms for a large team, and its index saved again) and replaying the log at the next open
 * (every record read, validated and indexed again, about 0.2 s of CPU per MiB).
 */

/** The most log records a large team keeps before compacting (about 0.3 s of validation when it opens). */
const maxLogRecords = 5000
/** A log at least this large is compacted when the store closes, when its team is not far larger. */
const compactAtCloseBytes = 256 * 1024

/**
 * Whether a write leaves the log due for compaction: past `compactEvery` records, a large team waits until its log
 * holds half as many records as it has entries (rewriting a 100k-entry snapshot every 500 writes would cost far more
 * than replaying the log on the next open), but never past `maxLogRecords`.
 */
export function compactionDue(log: { records: number }, entries: number, compactEvery: number): boolean {
  return log.records >= Math.max(compactEvery, Math.min(entries / 2, maxLogRecords))
}

/** Whether the log is large for the team when the store closes: past 256 KiB, with a quarter as many records as entries. */
export function compactAtClose(log: { records: number; bytes: number }, entries: number): boolean {
  return log.bytes >= compactAtCloseBytes && log.records >= entries / 4
}
