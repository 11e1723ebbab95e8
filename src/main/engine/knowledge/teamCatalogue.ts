/**
 * Keeps one team's entry catalogue (entryCatalogue.ts) whole. Opening does not wait for it: the catalogue saved in
 * `catalogue.bin` is read and restored in the background, in turns that yield to the event loop (at 100k entries
 * about 0.5 s of CPU), with the log's entries since noted on top; without a usable file (a store written before it
 * was saved, or entries copied in) it is built from the shelf the same way, then saved. A team whose every entry was
 * read at open gets it complete at once. Writes are noted as they land, also while it is restored or built; a caller
 * that cannot wait (a synchronous check) finishes the work at once.
 */
import { join } from 'node:path'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { byStatus, type EntryCounts } from '../../../shared/entryCounts'
import { catalogueFileName, readCatalogueFile } from './catalogueFile'
import { EntryCatalogue, titleKey, type Noted } from './entryCatalogue'
import type { EntryShelf } from './entryShelf'
import { sameSnapshot, type SnapshotFingerprint } from './indexFile'

/** Entries restored or read per turn of the event loop (about 20 ms of work). */
const restoreTurn = 5000
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
  private catalogue: EntryCatalogue
  /** The saved entries being restored, and the next one; null when not restoring. */
  private restoring: { entries: Array<[string, Noted]>; next: number } | null = null
  /** Ids noted since opening (the log's and new writes): their saved record is older and is skipped. */
  private readonly overridden = new Set<string>()
  /** The next slot of the shelf to read when built from the shelf; null when not (yet) building from it. */
  private nextSlot: number | null = null
  private done: boolean
  /** Resolves once the catalogue is complete. */
  readonly ready: Promise<void>

  /** `whenBuilt` runs once a catalogue that was not restored from its file is complete (to save it). */
  constructor(
    private readonly shelf: EntryShelf,
    start: CatalogueStart,
    whenBuilt: () => void = () => undefined
  ) {
    if ('complete' in start) {
      this.catalogue = start.complete
      this.done = true
      this.ready = Promise.resolve()
      return
    }
    this.catalogue = new EntryCatalogue()
    this.done = false
    for (const entry of start.logged) this.note(entry)
    this.ready = this.fill(start).then((restored) => {
      if (!restored) whenBuilt()
    })
  }

  /** Whether every entry is in the catalogue. */
  get complete(): boolean {
    return this.done
  }

  /** Entries in the catalogue so far, and how many there are (for a progress line). */
  progress(): { done: number; of: number } {
    return {
      done: this.done ? this.shelf.size : Math.min(this.catalogue.size, this.shelf.size),
      of: this.shelf.size
    }
  }

  /** The complete catalogue, finished now if the background has not (synchronous: restores or reads what is left). */
  now(): EntryCatalogue {
    if (this.done) return this.catalogue
    if (this.restoring) this.restoreUpTo(Number.POSITIVE_INFINITY)
    if (!this.done) {
      // The saved file is still being read (or did not fit): build from the entries instead, now.
      this.restoring = null
      if (this.nextSlot === null) {
        this.catalogue = new EntryCatalogue()
        this.nextSlot = 0
      }
      this.readUpTo(Number.POSITIVE_INFINITY)
    }
    return this.catalogue
  }

  /** The complete catalogue, once the background work is done. */
  async whenComplete(): Promise<EntryCatalogue> {
    await this.ready
    return this.now()
  }

  /** The catalogue as it is, complete or not: for saving once complete. */
  get current(): EntryCatalogue {
    return this.catalogue
  }

  /** A new current version of an entry, once it is on disk. */
  note(entry: KnowledgeEntry): void {
    if (!this.done) this.overridden.add(entry.id)
    this.catalogue.note(entry)
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
   * How many entries have each status, from memory (rejected drafts apart from retired, the way byStatus counts);
   * while the catalogue is not complete, the retired entries are read to tell them apart.
   */
  countByStatus(): Required<EntryCounts> {
    const counts = this.shelf.countStatuses()
    if (this.done) {
      const rejected = this.catalogue.rejectedTotal
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

  /** Restores the saved catalogue, or builds it from the shelf; true when it was restored. */
  private async fill(start: Exclude<CatalogueStart, { complete: EntryCatalogue }>): Promise<boolean> {
    const saved = start.snapshot
      ? await readCatalogueFile(join(start.folderPath, catalogueFileName))
      : { unusable: 'no snapshot' }
    if (this.done) return false
    if (!('unusable' in saved) && sameSnapshot(saved.snapshot, start.snapshot ?? null)) {
      this.restoring = { entries: saved.entries, next: 0 }
      while (this.restoring && !this.done) {
        this.restoreUpTo(this.restoring.next + restoreTurn)
        await turn()
      }
      if (this.done) return true
    }
    if (this.done) return false
    // No usable file, or one that did not list exactly the entries there are: built from the entries themselves.
    this.restoring = null
    this.catalogue = new EntryCatalogue()
    this.nextSlot = 0
    while (!this.done) {
      this.readUpTo(this.nextSlot! + buildTurn)
      await turn()
    }
    return false
  }

  private restoreUpTo(end: number): void {
    const restoring = this.restoring!
    const last = Math.min(end, restoring.entries.length)
    for (; restoring.next < last; restoring.next++) {
      const [id, noted] = restoring.entries[restoring.next]!
      if (!this.overridden.has(id)) this.catalogue.keep(id, noted)
    }
    if (restoring.next < restoring.entries.length) return
    this.restoring = null
    // Never believed when it does not list exactly the entries there are (it is then built again).
    if (this.catalogue.size === this.shelf.size) this.finish()
  }

  private readUpTo(end: number): void {
    const ids = this.shelf.allIds()
    const last = Math.min(end, ids.length)
    for (let slot = this.nextSlot!; slot < last; slot++) {
      const entry = this.shelf.get(ids[slot]!)
      if (entry) this.catalogue.note(entry)
    }
    this.nextSlot = Math.max(this.nextSlot!, last)
    if (this.nextSlot >= ids.length) this.finish()
  }

  private finish(): void {
    this.done = true
    this.overridden.clear()
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
