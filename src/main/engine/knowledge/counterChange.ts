/**
 * A change of an entry's counters (`KnowledgeStore.bumpCounters`): deltas checked before they are queued, applied
 * to the latest counters when the write runs, so a bump never starts from a stale copy.
 */
import type { EntryCounters } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Operation } from './writeBatch'

const counterNames = [
  'shown',
  'adopted',
  'liked',
  'disliked',
  'dismissed',
  'adoptedSent',
  'editedSent',
  'ignoredSent'
] as const

/** How many keys of applied changes an entry keeps: more than the changes ever in flight on one entry at a kill. */
export const APPLIED_KEYS_KEPT = 8

/**
 * The write that adds `delta` to the counters of entry `id`. Throws BAD_INPUT now for a delta that is not an
 * integer; the write fails with NOT_FOUND for no such entry, BAD_INPUT for a counter that would become negative.
 * With `key` (the change's name, e.g. a reaction's), the key is stored with the counters in the same record, and a
 * change whose key the entry already lists leaves the counters as they are: redone after a kill, it counts once.
 */
export function counterChange(
  team: string,
  id: string,
  delta: Partial<EntryCounters>,
  key?: string
): Operation {
  for (const name of counterNames) {
    const value = delta[name]
    if (value !== undefined && !Number.isInteger(value)) {
      throw new VigilError(ErrorCode.badInput, `Counter delta ${name} must be an integer, got ${value}`)
    }
  }
  return (latest) => {
    const entry = latest(id)
    if (!entry) throw new VigilError(ErrorCode.notFound, `No knowledge entry ${id} in team "${team}"`)
    if (key !== undefined && entry.counters.applied?.includes(key))
      return { op: 'counters', id, counters: entry.counters }
    const counters = { ...entry.counters }
    if (key !== undefined) counters.applied = [...(counters.applied ?? []), key].slice(-APPLIED_KEYS_KEPT)
    for (const name of counterNames) {
      // The sent-reply counters stay absent until they first move, so older snapshots read back unchanged.
      if (delta[name] === undefined) continue
      const value = (counters[name] ?? 0) + delta[name]
      counters[name] = value
      if (value < 0) {
        throw new VigilError(ErrorCode.badInput, `Counter ${name} of entry ${id} would become negative`)
      }
    }
    return { op: 'counters', id, counters }
  }
}
