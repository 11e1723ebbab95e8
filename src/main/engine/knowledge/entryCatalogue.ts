/**
 * What a team's requests ask of every entry, kept small in memory: each entry's title (as a 32-bit hash of its
 * trimmed, lower-cased form), its update time, its review state, its source tickets and the dates of its growth
 * events (learned, merged, corrected, retired). The duplicate-title check of a create or edit, the newest-first
 * knowledge list, the counts by status and the knowledge figures of the statistics read this instead of every entry
 * from disk (at 100k entries, seconds and hundreds of MB per call).
 *
 * Kept as columns, one row (slot) per entry: typed arrays for the numbers, and the source tickets and growth codes of
 * the rows restored from `catalogue.bin` (catalogueFile.ts) left packed as the file had them; a row noted since has its
 * own lists. The lookups by title and by ticket are built on their first use, then kept current by each `note`.
 * It is saved beside the snapshot and restored at open; the log's entries since are noted again. `note` replaces
 * everything known of an entry, so noting any suffix of the puts again gives the same catalogue.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import type { CatalogueColumns } from './catalogueFile'

/** The provenance kinds the statistics count as knowledge growth, in the order of their codes. */
export const growthKinds = ['learned', 'merged', 'corrected', 'retired'] as const
export type GrowthKind = (typeof growthKinds)[number]
export type GrowthRow = Record<GrowthKind, number>

const DAY_MS = 24 * 60 * 60 * 1000
const pendingFlag = 1
const rejectedFlag = 2
const none: readonly never[] = []

/** What the catalogue keeps of one entry. */
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

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, needed: number): T {
  if (needed < array.length) return array
  const next = new (array.constructor as new (length: number) => T)(
    Math.max(needed + 1, array.length * 2, 64)
  )
  next.set(array)
  return next
}

/** Adds `slot` under `key` (sign 1) or takes it away (-1). */
function file<K>(lookup: Map<K, number[]>, key: K, slot: number, sign: 1 | -1): void {
  const slots = lookup.get(key)
  if (sign === 1) {
    if (slots) slots.push(slot)
    else lookup.set(key, [slot])
    return
  }
  if (!slots) return
  const at = slots.indexOf(slot)
  if (at >= 0) slots.splice(at, 1)
  if (slots.length === 0) lookup.delete(key)
}

export class EntryCatalogue {
  private readonly slots = new Map<string, number>()
  private readonly ids: string[] = []
  private titles = new Uint32Array(64)
  private updates = new Float64Array(64)
  private flags = new Uint8Array(64)
  /** The rows restored from a file, with their packed lists; slots below `packed.rows` read their lists there. */
  private packed: Pick<CatalogueColumns, 'sourceStart' | 'sources' | 'growthStart' | 'growth'> & {
    rows: number
  } = {
    rows: 0,
    sourceStart: new Uint32Array(1),
    sources: () => none,
    growthStart: new Uint32Array(1),
    growth: new Int32Array(0)
  }
  /** The lists of rows noted since (they win over the packed ones). */
  private readonly ownSources = new Map<number, readonly string[]>()
  private readonly ownGrowth = new Map<number, readonly number[]>()
  /** Growth events per day code (see `Noted.growth`), over every entry. */
  private readonly growthCodes = new Map<number, number>()
  private pendingCount = 0
  private rejectedCount = 0
  /** Slots by title hash, and by source ticket: built on first use. */
  private byTitle: Map<number, number[]> | null = null
  private byTicket: Map<string, number[]> | null = null
  /** Ids newest first; null when a put changed the order since it was sorted. */
  private newest: string[] | null = null

  /** Fills the catalogue from every entry (the one full read), then `note` keeps it current. */
  static from(entries: Iterable<KnowledgeEntry>): EntryCatalogue {
    const catalogue = new EntryCatalogue()
    for (const entry of entries) catalogue.note(entry)
    return catalogue
  }

  /** A catalogue as saved columns list it (see catalogueFile.ts): no object per entry, lists left packed. */
  static fromColumns(columns: CatalogueColumns): EntryCatalogue {
    const catalogue = new EntryCatalogue()
    const { ids, title, updated, flags, sourceStart, growthStart, growth } = columns
    const rows = ids.length
    for (let slot = 0; slot < rows; slot++) catalogue.slots.set(ids[slot]!, slot)
    // A file that lists an id twice is not one this catalogue wrote: its later row would count twice.
    if (catalogue.slots.size !== rows) throw new Error('lists an entry twice')
    for (const id of ids) catalogue.ids.push(id)
    catalogue.titles = new Uint32Array(title)
    catalogue.updates = new Float64Array(updated)
    catalogue.flags = new Uint8Array(flags)
    catalogue.packed = { rows, sourceStart, sources: columns.sources, growthStart, growth }
    for (let slot = 0; slot < rows; slot++) {
      const bits = flags[slot]!
      if (bits & pendingFlag) catalogue.pendingCount++
      if (bits & rejectedFlag) catalogue.rejectedCount++
    }
    const codes = catalogue.growthCodes
    for (let i = 0; i < growth.length; i++) codes.set(growth[i]!, (codes.get(growth[i]!) ?? 0) + 1)
    return catalogue
  }

  get size(): number {
    return this.ids.length
  }

  /** Every entry as kept, as columns: for saving. */
  columns(): CatalogueColumns {
    const rows = this.ids.length
    const sources: string[] = []
    const growth: number[] = []
    const sourceStart = new Uint32Array(rows + 1)
    const growthStart = new Uint32Array(rows + 1)
    for (let slot = 0; slot < rows; slot++) {
      sourceStart[slot] = sources.length
      growthStart[slot] = growth.length
      sources.push(...this.sourcesAt(slot))
      const codes = this.growthAt(slot)
      for (let i = 0; i < codes.length; i++) growth.push(codes[i]!)
    }
    sourceStart[rows] = sources.length
    growthStart[rows] = growth.length
    return {
      ids: [...this.ids],
      title: this.titles.slice(0, rows),
      updated: this.updates.slice(0, rows),
      flags: this.flags.slice(0, rows),
      sourceStart,
      sources: () => sources,
      growthStart,
      growth: Int32Array.from(growth)
    }
  }

  /** Records the current version of an entry (a new one, or one that replaces what was noted for its id). */
  note(entry: KnowledgeEntry): void {
    this.keep(entry.id, notedOf(entry))
  }

  /** Records what was kept of an entry, replacing what was noted for its id. */
  keep(id: string, noted: Noted): void {
    let slot = this.slots.get(id)
    if (slot === undefined) {
      slot = this.ids.length
      this.slots.set(id, slot)
      this.ids.push(id)
      this.titles = grown(this.titles, slot)
      this.updates = grown(this.updates, slot)
      this.flags = grown(this.flags, slot)
    } else this.count(slot, -1)
    this.titles[slot] = noted.title
    this.updates[slot] = noted.updated
    this.flags[slot] = noted.flags
    this.ownSources.set(slot, noted.sources)
    this.ownGrowth.set(slot, noted.growth)
    this.count(slot, 1)
    this.keepOrder(slot)
  }

  private sourcesAt(slot: number): readonly string[] {
    const own = this.ownSources.get(slot)
    if (own || slot >= this.packed.rows) return own ?? none
    const { sourceStart } = this.packed
    return this.packed.sources().slice(sourceStart[slot]!, sourceStart[slot + 1]!)
  }

  private growthAt(slot: number): ArrayLike<number> {
    const own = this.ownGrowth.get(slot)
    if (own || slot >= this.packed.rows) return own ?? none
    const { growthStart } = this.packed
    return this.packed.growth.subarray(growthStart[slot]!, growthStart[slot + 1]!)
  }

  /** Adds (`sign` 1) or takes away (-1) what one row contributes to the lookups and totals. */
  private count(slot: number, sign: 1 | -1): void {
    const bits = this.flags[slot]!
    if (bits & pendingFlag) this.pendingCount += sign
    if (bits & rejectedFlag) this.rejectedCount += sign
    const growth = this.growthAt(slot)
    for (let i = 0; i < growth.length; i++) {
      const total = (this.growthCodes.get(growth[i]!) ?? 0) + sign
      if (total === 0) this.growthCodes.delete(growth[i]!)
      else this.growthCodes.set(growth[i]!, total)
    }
    if (this.byTitle) file(this.byTitle, this.titles[slot]!, slot, sign)
    if (this.byTicket)
      for (const ticket of new Set(this.sourcesAt(slot))) file(this.byTicket, ticket, slot, sign)
  }

  /** A put is usually the newest entry: it moves to the front instead of sorting every id again (about 40 ms at 100k). */
  private keepOrder(slot: number): void {
    const order = this.newest
    if (!order) return
    const id = this.ids[slot]!
    const at = order.indexOf(id)
    if (at >= 0) order.splice(at, 1)
    const first = order[0]
    if (first === undefined || this.updates[slot]! > this.updates[this.slots.get(first)!]!) order.unshift(id)
    else this.newest = null
  }

  /** Ids of entries whose title may be `title` (same hash): the caller reads those few to be sure. */
  withTitle(title: string): string[] {
    if (!this.byTitle) {
      this.byTitle = new Map()
      for (let slot = 0; slot < this.ids.length; slot++) file(this.byTitle, this.titles[slot]!, slot, 1)
    }
    return (this.byTitle.get(hashOf(titleKey(title))) ?? []).map((slot) => this.ids[slot]!)
  }

  /** Whether the entry waits for a person's review. */
  pending(id: string): boolean {
    const slot = this.slots.get(id)
    return slot !== undefined && (this.flags[slot]! & pendingFlag) !== 0
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
    if (!this.byTicket) {
      this.byTicket = new Map()
      for (let slot = 0; slot < this.ids.length; slot++)
        for (const ticket of new Set(this.sourcesAt(slot))) file(this.byTicket, ticket, slot, 1)
    }
    return (this.byTicket.get(ticketId) ?? []).map((slot) => this.ids[slot]!)
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
      const { ids, updates } = this
      const order = Uint32Array.from(ids, (_, slot) => slot)
      order.sort((a, b) => updates[b]! - updates[a]! || ids[a]!.localeCompare(ids[b]!))
      this.newest = Array.from(order, (slot) => ids[slot]!)
    }
    return this.newest
  }
}
