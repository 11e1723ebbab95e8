/**
 * Where each group's records lie in an archive (storage/ticketArchive.ts), kept for every ticket ever retired, so it
 * must stay small per ticket: a slot per ticket in a Map of numbers, its first range in two typed arrays, and only the
 * rare later ranges (a ticket retired, brought back and retired again) as objects: about 34 bytes per ticket besides
 * its id, where a Map of range arrays held about 260 (tests/engine/storage/archiveIndex.test.ts), half a MB per 1,000
 * tickets for the event and suggestion archives together in the soak bench's heap snapshots (2026-12-03).
 */
import type { WrittenRange } from './jsonLines'

/** In `lengths`: the group has a batch indexed without a range, so its records are found by reading the whole archive. */
const UNRANGED = -1

export class ArchiveIndex {
  private readonly slots = new Map<string, number>()
  private starts = new Float64Array(64)
  private lengths = new Float64Array(64)
  /** Ranges after the first, by slot. */
  private readonly later = new Map<number, WrittenRange[]>()

  get size(): number {
    return this.slots.size
  }

  has(id: string): boolean {
    return this.slots.has(id)
  }

  /** Notes a batch of a group's records: its range, or none when the index line had none. */
  note(id: string, start: number | undefined, bytes: number | undefined): void {
    const ranged = start !== undefined && bytes !== undefined
    const slot = this.slots.get(id)
    if (slot === undefined) {
      const added = this.slots.size
      this.slots.set(id, added)
      if (added === this.starts.length) this.grow()
      this.starts[added] = ranged ? start : 0
      this.lengths[added] = ranged ? bytes : UNRANGED
      return
    }
    if (this.lengths[slot] === UNRANGED) return
    if (!ranged) {
      this.lengths[slot] = UNRANGED
      this.later.delete(slot)
      return
    }
    const more = this.later.get(slot)
    if (more) more.push({ start, bytes })
    else this.later.set(slot, [{ start, bytes }])
  }

  /** The group's ranges in the order archived; null when the whole archive must be read; undefined when unknown. */
  ranges(id: string): WrittenRange[] | null | undefined {
    const slot = this.slots.get(id)
    if (slot === undefined) return undefined
    if (this.lengths[slot] === UNRANGED) return null
    return [{ start: this.starts[slot]!, bytes: this.lengths[slot]! }, ...(this.later.get(slot) ?? [])]
  }

  private grow(): void {
    const starts = new Float64Array(this.starts.length * 2)
    starts.set(this.starts)
    this.starts = starts
    const lengths = new Float64Array(this.lengths.length * 2)
    lengths.set(this.lengths)
    this.lengths = lengths
  }
}
