/**
 * The conflict rule. When two replicas changed one entry, every replica must pick the same winner without talking
 * to the others: the higher version wins, then the later update, then the greater file content (byte order), so the
 * rule is a total order on distinct files and the merged result does not depend on who merges.
 */
import { serializeEntry, type SyncedEntry } from './entryFile'

export interface Candidate {
  entry: SyncedEntry
  /** The entry's file text (serializeEntry), compared last. */
  text: string
}

export function candidate(entry: SyncedEntry): Candidate {
  return { entry, text: serializeEntry(entry) }
}

/** Positive when `a` wins over `b`, negative when `b` wins, 0 only for identical files. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.entry.version !== b.entry.version) return a.entry.version - b.entry.version
  const at = Date.parse(a.entry.updatedAt)
  const bt = Date.parse(b.entry.updatedAt)
  if (at !== bt) return at - bt
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0
}

export function winnerOf(a: Candidate, b: Candidate): { winner: Candidate; loser: Candidate } {
  return compareCandidates(a, b) >= 0 ? { winner: a, loser: b } : { winner: b, loser: a }
}
