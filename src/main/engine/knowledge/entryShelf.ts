/**
 * A team's entries, kept on disk: memory holds where each entry's current version is (the snapshot or the log, byte
 * offset and length), its status, and the counters written since that version; the entry itself is read back when
 * asked for (a synchronous positional read, then JSON.parse), and the most recently used ones are kept parsed.
 *
 * Every byte read back was validated when it was loaded or written (the snapshot is checked against the CRC-32 the
 * index recorded, or parsed and validated whole when the index could not be used), so a read does not validate again.
 * The files are only ever appended to, truncated after a compaction, or replaced by rename; a replaced snapshot stays
 * readable through the descriptor opened before, until the locations are switched to the new one.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { EntryStatus, type EntryCounters, type KnowledgeEntry } from '../../../shared/domain'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { SnapshotDirectory } from './indexFile'
import { logFileName, snapshotFileName } from './records'

export type EntryFile = 'snapshot' | 'log'

export interface EntryLocation {
  file: EntryFile
  /** Byte offset of the entry's line (of the whole `put` record in the log). */
  offset: number
  /** Bytes of the line, without its newline. */
  length: number
}

/** Parsed entries kept, most recently used last. */
const cacheSize = 1000
const statusNames = EntryStatus.options
const snapshotCode = 0
const logCode = 1

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  if (needed < array.length) return array
  const next = new (array.constructor as new (length: number) => T)(
    Math.max(needed + 1, array.length * 2, 64)
  )
  next.set(array)
  return next
}

export class EntryShelf {
  private readonly slots = new Map<string, number>()
  private readonly ids: string[] = []
  private files = new Uint8Array(64)
  private offsets: Float64Array<ArrayBufferLike> = new Float64Array(64)
  private lengths: Uint32Array<ArrayBufferLike> = new Uint32Array(64)
  /** Each entry's status, as its place in `EntryStatus.options` (as `index.bin` saves it). */
  private statuses: Uint8Array<ArrayBufferLike> = new Uint8Array(64)
  /** Per slot, the value of `revision` when its entry was last placed: what changed since a given moment. */
  private revisions = new Float64Array(64)
  private revision = 0
  /** Counters recorded after the entry's line: they win over the counters in it. */
  private readonly counters = new Map<string, EntryCounters>()
  private readonly cache = new Map<string, KnowledgeEntry>()
  private snapshotFd: number | null = null
  private logFd: number | null = null

  constructor(private readonly folderPath: string) {}

  get size(): number {
    return this.ids.length
  }

  has(id: string): boolean {
    return this.slots.has(id)
  }

  /** How many entries have each status (from memory: no entry is read). */
  countStatuses(): Record<EntryStatus, number> {
    const byCode = new Uint32Array(statusNames.length)
    for (let slot = 0; slot < this.ids.length; slot++) {
      const code = this.statuses[slot]!
      byCode[code] = byCode[code]! + 1
    }
    return Object.fromEntries(statusNames.map((name, code) => [name, byCode[code]])) as Record<
      EntryStatus,
      number
    >
  }

  /** Ids in the order entries were first stored (snapshot order, then new ones). */
  allIds(): readonly string[] {
    return this.ids
  }

  status(id: string): EntryStatus | undefined {
    const slot = this.slots.get(id)
    return slot === undefined ? undefined : statusNames[this.statuses[slot]!]
  }

  /**
   * Takes every entry of the snapshot from the directory `index.bin` saved (ids, offsets, lengths and statuses, in
   * snapshot order) into an empty shelf at once: no object per entry (at 100k entries, `place` for each cost about
   * 0.1 s of CPU and its garbage). The arrays are the shelf's from then on.
   */
  adoptSnapshot(directory: SnapshotDirectory): void {
    if (this.ids.length > 0) throw new Error('adoptSnapshot needs an empty shelf')
    const { ids, offsets, lengths, statuses } = directory
    for (let slot = 0; slot < ids.length; slot++) this.slots.set(ids[slot]!, slot)
    if (this.slots.size !== ids.length) {
      this.slots.clear()
      throw new Error('the snapshot directory lists an entry twice')
    }
    for (const id of ids) this.ids.push(id)
    this.files = new Uint8Array(Math.max(ids.length, 64)).fill(snapshotCode)
    this.offsets = offsets
    this.lengths = lengths
    this.statuses = statuses
    this.revisions = new Float64Array(Math.max(ids.length, 64))
  }

  /**
   * Records where the current version of an entry is; `entry` is that version, when the caller has it parsed. A
   * `quiet` placement leaves the entry's revision as it was (0 for a new entry): not a change `idsPlacedSince` reports.
   */
  place(
    id: string,
    status: EntryStatus,
    location: EntryLocation,
    entry?: KnowledgeEntry,
    quiet = false
  ): void {
    let slot = this.slots.get(id)
    if (slot === undefined) {
      slot = this.ids.length
      this.slots.set(id, slot)
      this.ids.push(id)
      this.files = grown(this.files, slot)
      this.offsets = grown(this.offsets, slot)
      this.lengths = grown(this.lengths, slot)
      this.revisions = grown(this.revisions, slot)
      this.statuses = grown(this.statuses, slot)
      this.revisions[slot] = 0
    }
    if (!quiet) this.revisions[slot] = ++this.revision
    this.files[slot] = location.file === 'snapshot' ? snapshotCode : logCode
    this.offsets[slot] = location.offset
    this.lengths[slot] = location.length
    this.statuses[slot] = statusNames.indexOf(status)
    this.counters.delete(id)
    this.cache.delete(id)
    if (entry) this.remember(entry)
  }

  /** Raised by every `place` (a new version of an entry), never by counters or compaction. */
  get currentRevision(): number {
    return this.revision
  }

  /** Ids of the entries placed after `revision` (a `currentRevision` read earlier), in slot order. */
  idsPlacedSince(revision: number): string[] {
    const ids: string[] = []
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.revisions[slot]! > revision) ids.push(this.ids[slot]!)
    }
    return ids
  }

  /** Counters recorded for an entry after its line. */
  setCounters(id: string, counters: EntryCounters): void {
    this.counters.set(id, counters)
    const cached = this.cache.get(id)
    if (cached) this.cache.set(id, { ...cached, counters })
  }

  get(id: string): KnowledgeEntry | undefined {
    const cached = this.cache.get(id)
    if (cached) {
      this.cache.delete(id)
      this.cache.set(id, cached)
      return cached
    }
    const slot = this.slots.get(id)
    if (slot === undefined) return undefined
    const entry = this.parse(slot)
    this.remember(entry)
    return entry
  }

  /** Every entry, read in slot order without filling the cache. */
  *entries(filter?: (status: EntryStatus) => boolean): Generator<KnowledgeEntry> {
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (filter && !filter(statusNames[this.statuses[slot]!]!)) continue
      yield this.cache.get(this.ids[slot]!) ?? this.parse(slot)
    }
  }

  /** Entries whose current version was written to the log at or after byte `offset`. */
  *loggedSince(offset: number): Generator<KnowledgeEntry> {
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.files[slot] !== logCode || this.offsets[slot]! < offset) continue
      yield this.cache.get(this.ids[slot]!) ?? this.parse(slot)
    }
  }

  /**
   * The snapshot that holds every current version: each entry's line as stored when nothing changed it since, else
   * written again with its latest counters. Reports where each line goes in the new file through `at`.
   */
  *snapshotLines(at: (slot: number, offset: number, length: number) => void): Generator<Buffer> {
    let offset = 0
    const lines: Buffer[] = []
    let pending = 0
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot]!
      // A log line is a record around the entry; a snapshot line is the entry itself.
      const line =
        this.counters.has(id) || this.files[slot] === logCode
          ? Buffer.from(JSON.stringify(this.parse(slot)), 'utf8')
          : this.read(slot)
      at(slot, offset, line.length)
      offset += line.length + 1
      lines.push(line, newline)
      pending += line.length + 1
      if (pending >= 1 << 20) {
        yield Buffer.concat(lines)
        lines.length = 0
        pending = 0
      }
    }
    if (lines.length > 0) yield Buffer.concat(lines)
  }

  /**
   * Points every entry at the snapshot just written (its lines at `offsets`/`lengths`, in slot order): the counters
   * are in it now. Opens the new snapshot before closing the old one.
   */
  switchToSnapshot(offsets: Float64Array, lengths: Uint32Array): void {
    const next = openSync(join(this.folderPath, snapshotFileName), 'r')
    if (this.snapshotFd !== null) closeSync(this.snapshotFd)
    this.snapshotFd = next
    this.files.fill(snapshotCode)
    this.offsets = new Float64Array(offsets)
    this.lengths = new Uint32Array(lengths)
    this.counters.clear()
  }

  /** Opens the snapshot now, so that a later replacement cannot change what the current locations point to. */
  holdSnapshot(): void {
    if (this.snapshotFd !== null || !this.files.subarray(0, this.ids.length).includes(snapshotCode)) return
    this.snapshotFd = this.open('snapshot')
  }

  close(): void {
    if (this.snapshotFd !== null) closeSync(this.snapshotFd)
    if (this.logFd !== null) closeSync(this.logFd)
    this.snapshotFd = null
    this.logFd = null
  }

  private remember(entry: KnowledgeEntry): void {
    this.cache.delete(entry.id)
    this.cache.set(entry.id, entry)
    if (this.cache.size > cacheSize) this.cache.delete(this.cache.keys().next().value!)
  }

  private parse(slot: number): KnowledgeEntry {
    const bytes = this.read(slot)
    let parsed: unknown
    try {
      parsed = JSON.parse(bytes.toString('utf8'))
    } catch {
      throw this.unreadable(slot, 'it is not the JSON that was written there')
    }
    const isLog = this.files[slot] === logCode
    const entry = (isLog ? (parsed as { entry: KnowledgeEntry }).entry : parsed) as KnowledgeEntry
    const id = this.ids[slot]!
    if (entry?.id !== id) throw this.unreadable(slot, `it does not hold entry ${id}`)
    const counters = this.counters.get(id)
    return counters ? { ...entry, counters } : entry
  }

  private read(slot: number): Buffer {
    const file: EntryFile = this.files[slot] === logCode ? 'log' : 'snapshot'
    const fd =
      file === 'log' ? (this.logFd ??= this.open('log')) : (this.snapshotFd ??= this.open('snapshot'))
    const length = this.lengths[slot]!
    const bytes = Buffer.allocUnsafe(length)
    let done = 0
    while (done < length) {
      const read = readSync(fd, bytes, done, length - done, this.offsets[slot]! + done)
      if (read === 0) throw this.unreadable(slot, 'the file ends before it')
      done += read
    }
    return bytes
  }

  private open(file: EntryFile): number {
    return openSync(join(this.folderPath, file === 'log' ? logFileName : snapshotFileName), 'r')
  }

  private unreadable(slot: number, why: string): VigilError {
    const file = this.files[slot] === logCode ? logFileName : snapshotFileName
    return new VigilError(
      ErrorCode.storageFailed,
      `Knowledge entry ${this.ids[slot]} could not be read back from ${this.folderPath}/${file} at byte ${this.offsets[slot]}: ${why}`
    )
  }
}

const newline = Buffer.from('\n')
