/**
 * What the KnowledgeStore writes to disk, one JSON value per line. Every line read back is parsed with these schemas.
 *
 * - `team.json`: which team a folder holds (folder names are derived and may be hashed).
 * - `snapshot.jsonl`: one KnowledgeEntry per line, the state at the last compaction.
 * - `entries.jsonl`: the append-only log of changes since that snapshot.
 *
 * Counter records carry absolute values, not deltas, so replaying a log over a snapshot that already contains it
 * (a crash between writing the snapshot and truncating the log) gives the same state.
 */
import { z } from 'zod'
import { EntryCounters, KnowledgeEntry } from '../../../shared/domain'

export const metaFileName = 'team.json'
export const snapshotFileName = 'snapshot.jsonl'
export const logFileName = 'entries.jsonl'
/** Bytes of an unfinished last log line are moved here before the log is appended to again. */
export const tornFileName = 'entries.jsonl.torn'

/** The on-disk format this version writes and reads; a folder with a higher one is refused, never rewritten. */
export const storeFormat = 1

export const TeamMeta = z.object({
  format: z.literal(storeFormat),
  team: z.string().min(1).max(200)
})
export type TeamMeta = z.infer<typeof TeamMeta>

export const PutRecord = z.object({ op: z.literal('put'), entry: KnowledgeEntry })
export const CountersRecord = z.object({
  op: z.literal('counters'),
  id: z.string().min(1).max(200),
  counters: EntryCounters
})
export const LogRecord = z.discriminatedUnion('op', [PutRecord, CountersRecord])
export type LogRecord = z.infer<typeof LogRecord>

/** `entry.title: Too small: expected string to have >=1 characters` (first two issues). */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 2)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.')
      return path ? `${path}: ${issue.message}` : issue.message
    })
    .join('; ')
}
