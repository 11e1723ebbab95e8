/** How many of a team's knowledge entries have each status, and that in words. */
import type { EntryStatus } from './domain'
import { count } from './plural'

/** Counts by status; `rejected` (drafts a reviewer refused, stored as retired but never in use) is apart from `retired`. */
export type EntryCounts = Record<EntryStatus, number> & { rejected?: number }

/**
 * A team's entries by status in words, the same in the header and on the Knowledge screen: "21 active entries,
 * 1 draft, 2 retired, 1 rejected draft" (a status with none is left out).
 */
export function entriesText(counts: EntryCounts): string {
  // Digits grouped ("100,020 active entries"), as a team of a year's work has them.
  const grouped = (n: number, singular: string, plural = `${singular}s`): string =>
    count(n, singular, plural).replace(/^\d+/, n.toLocaleString('en-US'))
  const parts = [
    counts.active > 0 && grouped(counts.active, 'active entry', 'active entries'),
    counts.draft > 0 && grouped(counts.draft, 'draft'),
    counts.retired > 0 && `${counts.retired.toLocaleString('en-US')} retired`,
    (counts.rejected ?? 0) > 0 && grouped(counts.rejected ?? 0, 'rejected draft')
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'no entries'
}

/** How many of the entries have each status; a rejected draft counts as `rejected`, not as retired. */
export function byStatus(entries: readonly { status: EntryStatus; review?: string }[]): EntryCounts {
  const counts = { active: 0, draft: 0, retired: 0, rejected: 0 }
  for (const entry of entries) {
    if (entry.status === 'retired' && entry.review === 'rejected') counts.rejected++
    else counts[entry.status]++
  }
  return counts
}
