/**
 * Where one team's knowledge files stand, for whatever is derived from its entries outside the store (the engine's
 * matching statistics): state saved with a stamp is current for that same stamp, and for a later stamp with the same
 * snapshot once the entries written to the log since `logSize` are applied (`KnowledgeStore.entriesWrittenSince`).
 */
import type { SnapshotFingerprint } from './indexFile'

export interface KnowledgeStamp {
  /** Size and CRC-32 of the team's snapshot; null while the team has none. */
  snapshot: SnapshotFingerprint | null
  /** Bytes of the team's log (the changes since the snapshot). */
  logSize: number
}

/** Whether state derived at `saved` can be brought up to `now` by applying the log's later entries. */
export function continuesFrom(saved: KnowledgeStamp, now: KnowledgeStamp): boolean {
  const same =
    saved.snapshot === null
      ? now.snapshot === null
      : now.snapshot !== null &&
        saved.snapshot.size === now.snapshot.size &&
        saved.snapshot.crc32 === now.snapshot.crc32
  return same && saved.logSize <= now.logSize
}
