/**
 * A replaced entry version kept as a patch against the version that replaced it. Learning confirms an entry at every
 * resolution: each new version differs from the one before by a few counts, one source ticket and one provenance
 * event, yet a whole copy of the old version (its up to 500 source tickets and 100 provenance events, 10-20 KB) went
 * to `history.jsonl` each time, so a team's history held the same lists thousands of times over (282 MB after 10,000
 * tickets). A patch holds only what differs: changed fields in full, and for a list that grew at its end (and lost
 * items at its start, past its cap) the items it had before and how many of the newer list's items it shares.
 *
 * The version a patch is read against (its `base`, named by version and update time, with a hash of its content) is
 * the entry's current version or another kept version, so every version stays readable: the versions of an entry
 * are rebuilt from the newest back. A patch whose base never became durable (a process killed between the history
 * record and the new version) was a copy of the version still current; it is skipped, as such copies always were.
 * The counters (moved without a new version) are stored in full in every patch.
 */
import { z } from 'zod'
import { KnowledgeEntry } from '../../../shared/domain'

export const versionKeyOf = (entry: { version: number; updatedAt: string }): string =>
  `${entry.version}|${entry.updatedAt}`

/** For a list: `head` (items the older version had before the newer one's first) + the newer list's first `keep`. */
const ListPatch = z.object({ head: z.array(z.unknown()), keep: z.number().int().positive() })

export const HistoryPatch = z.object({
  id: z.string().min(1),
  team: z.string().min(1),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  patch: z.object({
    /** `version|updatedAt` of the version this patch is read against. */
    base: z.string(),
    /** Hash of that version's content (counters aside): a base rewritten under the same name is not used. */
    baseHash: z.string(),
    set: z.record(z.string(), z.unknown()),
    unset: z.array(z.string()),
    lists: z.record(z.string(), ListPatch)
  })
})
export type HistoryPatch = z.infer<typeof HistoryPatch>

/** A line of `history.jsonl` or its archive: a whole version, or a patch. */
export const HistoryRecord = z.union([KnowledgeEntry, HistoryPatch])
export type HistoryRecord = z.infer<typeof HistoryRecord>

export const isPatch = (record: HistoryRecord): record is HistoryPatch => 'patch' in record

/** JSON with object keys sorted, undefined fields left out: the same content always reads the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item ?? null)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${fields.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** FNV-1a (two 32-bit lanes) over the entry's content without its counters. */
export function contentHash(entry: KnowledgeEntry): string {
  const text = canonical({ ...entry, counters: undefined })
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}

/**
 * For `older` and `newer` lists: `older` as `head` + newer's first `keep` items, when newer is older with items
 * dropped at its start and added at its end (sharing at least one); null otherwise.
 */
function listPatch(older: readonly unknown[], newer: readonly unknown[]): z.infer<typeof ListPatch> | null {
  if (older.length === 0 || newer.length === 0) return null
  const olderText = older.map(canonical)
  const newerText = newer.map(canonical)
  for (let drop = 0; drop < olderText.length; drop++) {
    if (olderText[drop] !== newerText[0]) continue
    const keep = olderText.length - drop
    if (keep > newerText.length) continue
    let same = true
    for (let i = 1; i < keep && same; i++) same = olderText[drop + i] === newerText[i]
    if (same) return { head: older.slice(0, drop), keep }
  }
  return null
}

/** `older` (a replaced version) as a patch against `newer` (the version that replaced it). */
export function patchAgainst(older: KnowledgeEntry, newer: KnowledgeEntry): HistoryPatch {
  const set: Record<string, unknown> = { counters: older.counters }
  const unset: string[] = []
  const lists: Record<string, z.infer<typeof ListPatch>> = {}
  const olderFields = older as Record<string, unknown>
  const newerFields = newer as Record<string, unknown>
  const fields = new Set([...Object.keys(olderFields), ...Object.keys(newerFields)])
  for (const field of fields) {
    // The record names its version and update time itself; the counters are set in full above.
    if (['counters', 'id', 'team', 'version', 'updatedAt'].includes(field)) continue
    const was = olderFields[field]
    const now = newerFields[field]
    if (was === undefined) {
      if (now !== undefined) unset.push(field)
      continue
    }
    if (now !== undefined && canonical(was) === canonical(now)) continue
    const list = Array.isArray(was) && Array.isArray(now) ? listPatch(was, now) : null
    if (list) lists[field] = list
    else set[field] = was
  }
  return {
    id: older.id,
    team: older.team,
    version: older.version,
    updatedAt: older.updatedAt,
    patch: { base: versionKeyOf(newer), baseHash: contentHash(newer), set, unset, lists }
  }
}

/** The version a patch stands for, read against its base (the caller checked the base's name and hash). */
export function applyPatch(record: HistoryPatch, base: KnowledgeEntry): KnowledgeEntry {
  const fields: Record<string, unknown> = { ...base }
  for (const field of record.patch.unset) delete fields[field]
  for (const [field, list] of Object.entries(record.patch.lists)) {
    const newer = (base as Record<string, unknown>)[field]
    fields[field] = [...list.head, ...(Array.isArray(newer) ? newer.slice(0, list.keep) : [])]
  }
  Object.assign(fields, record.patch.set)
  fields.version = record.version
  fields.updatedAt = record.updatedAt
  return fields as KnowledgeEntry
}

/**
 * The kept versions of one entry in `records` (whole versions and patches, in the order written), patches rebuilt
 * from the newest back against `current` and the versions already rebuilt. Returned in the order written; a patch
 * whose base is not among them (or changed under its name) is left out.
 */
export function resolveHistory(
  records: readonly HistoryRecord[],
  current: KnowledgeEntry | undefined
): KnowledgeEntry[] {
  const known = new Map<string, KnowledgeEntry>()
  if (current) known.set(versionKeyOf(current), current)
  const resolved: Array<KnowledgeEntry | null> = records.map((record) => {
    if (isPatch(record)) return null
    known.set(versionKeyOf(record), record)
    return record
  })
  const hashes = new Map<string, string>()
  const hashOf = (key: string, entry: KnowledgeEntry): string => {
    let hash = hashes.get(key)
    if (hash === undefined) hashes.set(key, (hash = contentHash(entry)))
    return hash
  }
  // Each pass rebuilds every patch whose base is known; a chain written newest-last resolves in one backward pass.
  for (let progress = true; progress; ) {
    progress = false
    for (let index = records.length - 1; index >= 0; index--) {
      const record = records[index]!
      if (resolved[index] || !isPatch(record)) continue
      const base = known.get(record.patch.base)
      if (!base || hashOf(record.patch.base, base) !== record.patch.baseHash) continue
      const entry = applyPatch(record, base)
      resolved[index] = entry
      const key = versionKeyOf(entry)
      if (!known.has(key)) known.set(key, entry)
      progress = true
    }
  }
  return resolved.filter((entry): entry is KnowledgeEntry => entry !== null)
}
