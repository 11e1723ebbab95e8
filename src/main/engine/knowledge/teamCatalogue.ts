/**
 * Keeps one team's entry catalogue (entryCatalogue.ts) whole. Opening does not wait for it: once the team's search
 * index is open (`prepare`, so that it never holds up the start or the first search), the catalogue saved in
 * `catalogue.bin` is read and decoded in one go into columns (at 100k entries a 6 MB file, tens of ms), with the
 * entries noted since opening (the log's, and writes) on top; without a usable file (a store written before it was
 * saved, or entries copied in) it is built from the shelf in turns that yield to the event loop, then saved. A team
 * whose every entry was read at open gets it complete at once. A caller that cannot wait (a synchronous check)
 * finishes the work at once: the file read and decoded now, or the rest of the entries read.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { byStatus, type EntryCounts } from '../../../shared/entryCounts'
import { catalogueFileName, decodeCatalogue } from './catalogueFile'
import { EntryCatalogue, notedOf, titleKey, type Noted } from './entryCatalogue'
import type { EntryShelf } from './entryShelf'
import { sameSnapshot, type SnapshotFingerprint } from './indexFile'

/** Entries read per turn of the event loop when built from the shelf (about 20 ms of work). */
const buildTurn = 500

export interface PageRange {
  offset: number
  limit: number
}

/** Entries with one of `statuses` (all without); with `pendingReview`, only those waiting for review. */
export interface PageFilter {
  statuses?: readonly EntryStatus[]
  pendingReview?: boolean
}

/** Where the catalogue comes from: complete already, or the saved file (with the log's entries since) to restore. */
export type CatalogueStart =
  | { complete: EntryCatalogue }
  | {
      folderPath: string
      snapshot: SnapshotFingerprint | null | undefined
      logged: readonly KnowledgeEntry[]
    }

export class TeamCatalogue {
  private catalogue: EntryCatalogue | null
  /** What was noted before the saved file was decoded (the log's entries, writes): it wins over the file's rows. */
  private readonly early = new Map<string, Noted>()
  /** The next slot of the shelf to read when built from the shelf; null when not (yet) building from it. */
  private nextSlot: number | null = null
  /** Set once `prepare` (or a caller that could not wait) started on the catalogue. */
  private started = false
  private done: boolean
  private markDone: () => void = () => undefined
  /** Resolves once the catalogue is complete. */
  readonly ready: Promise<void>

  /** `whenBuilt` runs once a catalogue that was not restored from its file is complete (to save it). */
  constructor(
    private readonly shelf: EntryShelf,
    private readonly start: CatalogueStart,
    private readonly whenBuilt: () => void = () => undefined
  ) {
    if ('complete' in start) {
      this.catalogue = start.complete
      this.done = true
      this.ready = Promise.resolve()
      return
    }
    this.catalogue = null
    this.done = false
    this.ready = new Promise((resolve) => (this.markDone = resolve))
    for (const entry of start.logged) this.note(entry)
  }

  /** Whether every entry is in the catalogue. */
  get complete(): boolean {
    return this.done
  }

  /** Entries in the catalogue so far, and how many there are (for a progress line). */
  progress(): { done: number; of: number } {
    const done = this.done ? this.shelf.size : Math.min(this.catalogue?.size ?? 0, this.shelf.size)
    return { done, of: this.shelf.size }
  }

  /**
   * Starts on the catalogue in the background (once; a complete one has nothing to do): the saved file read and
   * decoded, else built from the shelf in turns. Resolves when it is complete.
   */
  async prepare(): Promise<void> {
    if (this.done || this.started) return this.ready
    this.started = true
    const file = await this.savedFile()
    // A synchronous caller may have finished it, or started building it, meanwhile.
    if (this.done || this.nextSlot !== null) return this.ready
    if (file && this.restore(() => file)) return
    this.buildFromShelf()
    while (!this.done) {
      this.readUpTo(this.nextSlot! + buildTurn)
      await turn()
    }
  }

  /** The complete catalogue, finished now if the background has not (synchronous: decodes or reads what is left). */
  now(): EntryCatalogue {
    if (this.done) return this.catalogue!
    if (this.nextSlot === null) {
      this.started = true
      if (!this.restore(() => this.savedFileNow())) this.buildFromShelf()
    }
    if (!this.done) this.readUpTo(Number.POSITIVE_INFINITY)
    return this.catalogue!
  }

  /** The complete catalogue, once the background work is done. */
  async whenComplete(): Promise<EntryCatalogue> {
    await this.prepare()
    return this.now()
  }

  /** The complete catalogue (for saving); null while it is not complete. */
  get current(): EntryCatalogue | null {
    return this.done ? this.catalogue : null
  }

  /** A new current version of an entry, once it is on disk. */
  note(entry: KnowledgeEntry): void {
    if (this.catalogue) this.catalogue.note(entry)
    else this.early.set(entry.id, notedOf(entry))
  }

  /** Entries with one of `statuses` whose title is `title` (trimmed, case ignored), read without a full scan. */
  withTitle(title: string, statuses: readonly EntryStatus[]): KnowledgeEntry[] {
    const wanted = titleKey(title)
    return this.now()
      .withTitle(title)
      .flatMap((id) => {
        const status = this.shelf.status(id)
        if (!status || !statuses.includes(status)) return []
        const entry = this.shelf.get(id)
        return entry && titleKey(entry.title) === wanted ? [entry] : []
      })
  }

  /**
   * One page of the entries that pass `filter`, most recently updated first; `total` is how many pass it in all.
   * Reads only the entries of the page.
   */
  newest(page: PageRange, filter: PageFilter = {}): { entries: KnowledgeEntry[]; total: number } {
    const { statuses, pendingReview } = filter
    const catalogue = this.now()
    const ids =
      statuses || pendingReview
        ? catalogue
            .newestFirst()
            .filter(
              (id) =>
                (!statuses || statuses.includes(this.shelf.status(id)!)) &&
                (!pendingReview || catalogue.pending(id))
            )
        : catalogue.newestFirst()
    const entries = ids.slice(page.offset, page.offset + page.limit).flatMap((id) => this.shelf.get(id) ?? [])
    return { entries, total: ids.length }
  }

  /**
   * How many entries have each status, from memory (rejected drafts apart from retired, the way byStatus counts).
   * A saved catalogue not decoded yet is decoded now; while one is being built from the shelf, the retired entries
   * are read to tell them apart.
   */
  countByStatus(): Required<EntryCounts> {
    const counts = this.shelf.countStatuses()
    if (!this.done && this.nextSlot === null) {
      this.started = true
      if (!this.restore(() => this.savedFileNow())) void this.prepareFromShelf()
    }
    if (this.done) {
      const rejected = this.catalogue!.rejectedTotal
      return { ...counts, retired: counts.retired - rejected, rejected }
    }
    const { retired, rejected = 0 } = byStatus([...this.shelf.entries((status) => status === 'retired')])
    return { ...counts, retired, rejected }
  }

  /** The entries that have one of `ticketIds` among their source tickets, once the catalogue is complete. */
  async entriesOfTickets(ticketIds: readonly string[]): Promise<KnowledgeEntry[]> {
    const catalogue = await this.whenComplete()
    const ids = new Set(ticketIds.flatMap((ticketId) => catalogue.entriesOfTicket(ticketId)))
    return [...ids].flatMap((id) => this.shelf.get(id) ?? [])
  }

  private get folder(): Exclude<CatalogueStart, { complete: EntryCatalogue }> {
    return this.start as Exclude<CatalogueStart, { complete: EntryCatalogue }>
  }

  /** The saved file's bytes, or null when there is none to read (no snapshot, no file, unreadable). */
  private async savedFile(): Promise<Buffer | null> {
    if (!this.folder.snapshot) return null
    return readFile(join(this.folder.folderPath, catalogueFileName)).catch(() => null)
  }

  private savedFileNow(): Buffer | null {
    if (!this.folder.snapshot) return null
    try {
      return readFileSync(join(this.folder.folderPath, catalogueFileName))
    } catch {
      return null
    }
  }

  /**
   * Decodes the saved file and notes what came since on top; true when that gave the whole catalogue. Never believed
   * when it names another snapshot or does not list exactly the entries there are (it is then built again).
   */
  private restore(bytes: () => Buffer | null): boolean {
    const file = bytes()
    if (!file) return false
    let catalogue: EntryCatalogue
    try {
      const saved = decodeCatalogue(file)
      if (!sameSnapshot(saved.snapshot, this.folder.snapshot ?? null)) return false
      catalogue = EntryCatalogue.fromColumns(saved.columns)
    } catch {
      return false
    }
    for (const [id, noted] of this.early) catalogue.keep(id, noted)
    if (catalogue.size !== this.shelf.size) return false
    this.catalogue = catalogue
    this.finish()
    return true
  }

  /** Starts building from the entries themselves: every current version is read from the shelf. */
  private buildFromShelf(): void {
    this.catalogue = new EntryCatalogue()
    this.early.clear()
    this.nextSlot = 0
  }

  /** The build from the shelf, in the background (when a synchronous count found no usable file). */
  private async prepareFromShelf(): Promise<void> {
    this.buildFromShelf()
    while (!this.done) {
      this.readUpTo(this.nextSlot! + buildTurn)
      await turn()
    }
  }

  private readUpTo(end: number): void {
    const ids = this.shelf.allIds()
    const last = Math.min(end, ids.length)
    for (let slot = this.nextSlot!; slot < last; slot++) {
      const entry = this.shelf.get(ids[slot]!)
      if (entry) this.catalogue!.note(entry)
    }
    this.nextSlot = Math.max(this.nextSlot!, last)
    if (this.nextSlot >= ids.length) {
      this.finish()
      this.whenBuilt()
    }
  }

  private finish(): void {
    this.done = true
    this.early.clear()
    this.markDone()
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
