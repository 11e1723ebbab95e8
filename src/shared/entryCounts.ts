/** How many of a team's knowledge entries have each status, and that in words. */
import type { EntryStatus } from './domain'
import { count } from './plural'

export type EntryCounts = Record<EntryStatus, number>

/**
 * A team's entries by status in words, the same in the header and on the Knowledge screen: "21 active entries,
 * 1 draft, 2 retired" (a status with none is left out).
 */
export function entriesText(counts: EntryCounts): string {
  const parts = [
    counts.active > 0 && `${counts.active} active ${counts.active === 1 ? 'entry' : 'entries'}`,
    counts.draft > 0 && count(counts.draft, 'draft'),
    counts.retired > 0 && `${counts.retired} retired`
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'no entries'
}

/** How many of the entries have each status. */
export function byStatus(entries: readonly { status: EntryStatus }[]): EntryCounts {
  const counts = { active: 0, draft: 0, retired: 0 }
  for (const entry of entries) counts[entry.status]++
  return counts
}
