/**
 * Keeps one team's entry catalogue (entryCatalogue.ts) whole: restored from `catalogue.bin` or built from the entries
 * read at open, or, when neither was possible (a store written before the catalogue was saved), built from the
 * shelf in the background in turns that yield to the event loop. Writes are noted as they land, also while it is
 * built. A caller that cannot wait (a synchronous check) finishes the build at once.
 */
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import { EntryCatalogue, titleKey } from './entryCatalogue'
import type { EntryShelf } from './entryShelf'

export interface PageRange {
  offset: number
  limit: number
}

/** Entries with one of `statuses` (all without); with `pendingReview`, only those waiting for review. */
export interface PageFilter {
  statuses?: readonly EntryStatus[]
  pendingReview?: boolean
}

/** Entries read per turn of the event loop while the catalogue is built in the background (about 20 ms of work). */
const buildTurn = 500

export class TeamCatalogue {
  private readonly catalogue: EntryCatalogue
  /** The next slot of the shelf to read; past the last one, the catalogue is complete. */
  private next: number
  /** Resolves once the catalogue is complete. */
  readonly ready: Promise<void>

  /**
   * `opened`: the catalogue as opening the team found it (restored, or built from the entries read), or null to
   * build it from `shelf` in the background; `whenBuilt` runs once such a build is done (to save it).
   */
  constructor(
    private readonly shelf: EntryShelf,
    opened: EntryCatalogue | null,
    whenBuilt: () => void = () => undefined
  ) {
    this.catalogue = opened ?? new EntryCatalogue()
    this.next = opened ? Number.POSITIVE_INFINITY : 0
    this.ready = opened ? Promise.resolve() : this.build().then(whenBuilt)
  }

  /** Whether every entry is in the catalogue. */
  get complete(): boolean {
    return this.next >= this.shelf.size
  }

  /** Entries read into the catalogue so far, and how many there are (for a progress line). */
  progress(): { done: number; of: number } {
    return { done: Math.min(this.next, this.shelf.size), of: this.shelf.size }
  }

  /** The complete catalogue, built now if the background has not finished (synchronous: reads what is left). */
  now(): EntryCatalogue {
    this.readUpTo(Number.POSITIVE_INFINITY)
    return this.catalogue
  }

  /** The complete catalogue, once the background build is done. */
  async whenComplete(): Promise<EntryCatalogue> {
    await this.ready
    return this.now()
  }

  /** The catalogue as it is, complete or not: for saving once complete. */
  get current(): EntryCatalogue {
    return this.catalogue
  }

  /** A new current version of an entry, once it is on disk (a slot not read yet would give the same). */
  note(entry: KnowledgeEntry): void {
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

  private async build(): Promise<void> {
    while (!this.complete) {
      this.readUpTo(this.next + buildTurn)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  private readUpTo(end: number): void {
    const ids = this.shelf.allIds()
    const last = Math.min(end, ids.length)
    for (; this.next < last; this.next++) {
      const entry = this.shelf.get(ids[this.next]!)
      if (entry) this.catalogue.note(entry)
    }
  }
}
