/**
 * What a team's requests ask of every entry, kept small in memory: each entry's title (as a 32-bit hash of its
 * trimmed, lower-cased form), its update time and whether it waits for review. The duplicate-title check of a create or edit and the newest-first
 * knowledge list read this instead of every entry from disk (at 100k entries, seconds and hundreds of MB per call).
 *
 * A saved search index does not hold titles or times, so the catalogue is filled by one pass over the entries the
 * first time it is asked, and kept current by every put after that.
 */
import type { KnowledgeEntry } from '../../../shared/domain'

interface Noted {
  title: number
  updated: number
  /** Waiting for a person (review `pending`): the review queue. */
  pending: boolean
}

/** The form two titles are compared in: "Reset VPN " and "reset vpn" are one title. */
export function titleKey(title: string): string {
  return title.trim().toLowerCase()
}

/** FNV-1a over the UTF-16 code units: collisions are told apart by reading the few entries that share a hash. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export class EntryCatalogue {
  private readonly noted = new Map<string, Noted>()
  private readonly byTitle = new Map<number, Set<string>>()
  /** Ids newest first; null when a put changed the order since it was sorted. */
  private newest: string[] | null = null

  /** Fills the catalogue from every entry (the one full read), then `note` keeps it current. */
  static from(entries: Iterable<KnowledgeEntry>): EntryCatalogue {
    const catalogue = new EntryCatalogue()
    for (const entry of entries) catalogue.note(entry)
    return catalogue
  }

  /** Records the current version of an entry (a new one, or one that replaces what was noted for its id). */
  note(entry: KnowledgeEntry): void {
    const before = this.noted.get(entry.id)
    if (before) this.byTitle.get(before.title)?.delete(entry.id)
    const title = hashOf(titleKey(entry.title))
    this.noted.set(entry.id, {
      title,
      updated: Date.parse(entry.updatedAt),
      pending: entry.review === 'pending'
    })
    let ids = this.byTitle.get(title)
    if (!ids) this.byTitle.set(title, (ids = new Set()))
    ids.add(entry.id)
    this.keepOrder(entry.id)
  }

  /** A put is usually the newest entry: it moves to the front instead of sorting every id again (about 40 ms at 100k). */
  private keepOrder(id: string): void {
    const order = this.newest
    if (!order) return
    const at = order.indexOf(id)
    if (at >= 0) order.splice(at, 1)
    const first = order[0]
    if (first === undefined || this.noted.get(id)!.updated > this.noted.get(first)!.updated) order.unshift(id)
    else this.newest = null
  }

  /** Ids of entries whose title may be `title` (same hash): the caller reads those few to be sure. */
  withTitle(title: string): string[] {
    return [...(this.byTitle.get(hashOf(titleKey(title))) ?? [])]
  }

  /** Whether the entry waits for a person's review. */
  pending(id: string): boolean {
    return this.noted.get(id)?.pending ?? false
  }

  /** Every id, most recently updated first (ties by id). */
  newestFirst(): readonly string[] {
    if (!this.newest) {
      const noted = this.noted
      this.newest = [...noted.keys()].sort(
        (a, b) => noted.get(b)!.updated - noted.get(a)!.updated || a.localeCompare(b)
      )
    }
    return this.newest
  }
}
