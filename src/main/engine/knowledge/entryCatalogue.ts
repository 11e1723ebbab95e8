/**
 * What a team's requests ask of every entry, kept small in memory: each entry's title (as a 32-bit hash of its
 * trimmed, lower-cased form), its update time, its review state, its source tickets and the dates of its growth
 * events (learned, merged, corrected, retired). The duplicate-title check of a create or edit, the newest-first
 * knowledge list, the counts by status and the knowledge figures of the statistics read this instead of every entry
 * from disk (at 100k entries, seconds and hundreds of MB per call).
 *
 * It is saved beside the snapshot (catalogueFile.ts) and restored at open; the log's entries since are noted again.
 * `note` replaces everything known of an entry, so noting any suffix of the puts again gives the same catalogue.
 */
import type { KnowledgeEntry } from '../../../shared/domain'

/** The provenance kinds the statistics count as knowledge growth, in the order of their codes. */
export const growthKinds = ['learned', 'merged', 'corrected', 'retired'] as const
export type GrowthKind = (typeof growthKinds)[number]
export type GrowthRow = Record<GrowthKind, number>

const DAY_MS = 24 * 60 * 60 * 1000
const pendingFlag = 1
const rejectedFlag = 2

/** What the catalogue keeps of one entry (also its saved form, see catalogueFile.ts). */
export interface Noted {
  title: number
  updated: number
  /** `pendingFlag`: waits for a person's review; `rejectedFlag`: a draft a reviewer refused. */
  flags: number
  sources: readonly string[]
  /** One code per growth event: UTC day number × 4 + its kind's place in `growthKinds`. */
  growth: readonly number[]
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

/** What the catalogue keeps of `entry`. */
export function notedOf(entry: KnowledgeEntry): Noted {
  const growth: number[] = []
  for (const event of entry.provenance ?? []) {
    const kind = growthKinds.indexOf(event.kind as GrowthKind)
    if (kind >= 0) growth.push(Math.floor(Date.parse(event.at.slice(0, 10)) / DAY_MS) * 4 + kind)
  }
  return {
    title: hashOf(titleKey(entry.title)),
    updated: Date.parse(entry.updatedAt),
    flags:
      (entry.review === 'pending' ? pendingFlag : 0) |
      (entry.status === 'retired' && entry.review === 'rejected' ? rejectedFlag : 0),
    sources: entry.sourceTicketIds,
    growth
  }
}

export class EntryCatalogue {
  private readonly noted = new Map<string, Noted>()
  private readonly byTitle = new Map<number, Set<string>>()
  private readonly byTicket = new Map<string, string[]>()
  /** Growth events per day code (see `Noted.growth`), over every entry. */
  private readonly growthCodes = new Map<number, number>()
  private pendingCount = 0
  private rejectedCount = 0
  /** Ids newest first; null when a put changed the order since it was sorted. */
  private newest: string[] | null = null

  /** Fills the catalogue from every entry (the one full read), then `note` keeps it current. */
  static from(entries: Iterable<KnowledgeEntry>): EntryCatalogue {
    const catalogue = new EntryCatalogue()
    for (const entry of entries) catalogue.note(entry)
    return catalogue
  }

  /** A catalogue as `saved` listed it (see catalogueFile.ts). */
  static restore(saved: Iterable<[string, Noted]>): EntryCatalogue {
    const catalogue = new EntryCatalogue()
    for (const [id, noted] of saved) catalogue.keep(id, noted)
    return catalogue
  }

  get size(): number {
    return this.noted.size
  }

  /** Every entry as kept, for saving. */
  saved(): Iterable<[string, Noted]> {
    return this.noted.entries()
  }

  /** Records the current version of an entry (a new one, or one that replaces what was noted for its id). */
  note(entry: KnowledgeEntry): void {
    this.keep(entry.id, notedOf(entry))
  }

  /** Records what was kept of an entry (a saved record: see catalogueFile.ts), replacing what was noted for its id. */
  keep(id: string, noted: Noted): void {
    const before = this.noted.get(id)
    if (before) this.count(id, before, -1)
    this.noted.set(id, noted)
    this.count(id, noted, 1)
    this.keepOrder(id)
  }

  /** Adds (`sign` 1) or takes away (-1) what one entry contributes to the lookups and totals. */
  private count(id: string, noted: Noted, sign: 1 | -1): void {
    if (noted.flags & pendingFlag) this.pendingCount += sign
    if (noted.flags & rejectedFlag) this.rejectedCount += sign
    for (const code of noted.growth) {
      const total = (this.growthCodes.get(code) ?? 0) + sign
      if (total === 0) this.growthCodes.delete(code)
      else this.growthCodes.set(code, total)
    }
    if (sign === 1) {
      let ids = this.byTitle.get(noted.title)
      if (!ids) this.byTitle.set(noted.title, (ids = new Set()))
      ids.add(id)
      for (const ticket of new Set(noted.sources)) {
        const ids = this.byTicket.get(ticket)
        if (ids) ids.push(id)
        else this.byTicket.set(ticket, [id])
      }
      return
    }
    this.byTitle.get(noted.title)?.delete(id)
    for (const ticket of new Set(noted.sources)) {
      const left = (this.byTicket.get(ticket) ?? []).filter((other) => other !== id)
      if (left.length) this.byTicket.set(ticket, left)
      else this.byTicket.delete(ticket)
    }
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
    return ((this.noted.get(id)?.flags ?? 0) & pendingFlag) !== 0
  }

  /** How many entries wait for a person's review. */
  get pendingTotal(): number {
    return this.pendingCount
  }

  /** How many entries are drafts a reviewer refused (stored as retired). */
  get rejectedTotal(): number {
    return this.rejectedCount
  }

  /** Ids of the entries learned from or confirmed on `ticketId` (it is among their source tickets). */
  entriesOfTicket(ticketId: string): readonly string[] {
    return this.byTicket.get(ticketId) ?? []
  }

  /** Growth events per UTC day (YYYY-MM-DD), over every entry's provenance, days in order. */
  growthByDay(): Map<string, GrowthRow> {
    const days = new Map<string, GrowthRow>()
    for (const code of [...this.growthCodes.keys()].sort((a, b) => a - b)) {
      const day = new Date(Math.floor(code / 4) * DAY_MS).toISOString().slice(0, 10)
      const row = days.get(day) ?? { learned: 0, merged: 0, corrected: 0, retired: 0 }
      row[growthKinds[code % 4]!] += this.growthCodes.get(code)!
      days.set(day, row)
    }
    return days
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
