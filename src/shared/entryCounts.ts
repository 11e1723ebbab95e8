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
  const parts = [
    counts.active > 0 && `${counts.active} active ${counts.active === 1 ? 'entry' : 'entries'}`,
    counts.draft > 0 && count(counts.draft, 'draft'),
    counts.retired > 0 && `${counts.retired} retired`,
    (counts.rejected ?? 0) > 0 && count(counts.rejected ?? 0, 'rejected draft')
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
