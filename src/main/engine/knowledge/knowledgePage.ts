/**
 * One page of a team's knowledge for the Knowledge screen (`knowledge.page`): newest first from the team's catalogue
 * (only the page's entries are read), or the search's hits with a query, filtered by review state and status; with
 * the team's counts by status and its review queue's size, also from the catalogue. At 100k entries the screen's
 * first paint asks for this instead of every entry.
 */
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import type { EntryCounts } from '../../../shared/entryCounts'
import type { KnowledgeStore } from './knowledgeStore'

export interface PageRequest {
  query?: string | undefined
  filter?: 'all' | 'review' | undefined
  status?: EntryStatus | undefined
  limit: number
  offset: number
}

export interface KnowledgePage {
  entries: KnowledgeEntry[]
  /** How many entries pass the filter; null for a search (hits are not counted to the end). */
  total: number | null
  more: boolean
  counts: Required<EntryCounts>
  waiting: number
}

const everyStatus: EntryStatus[] = ['active', 'draft', 'retired']
/** The most hits a search pages through: past it, a narrower query helps more than another page. */
const searchDepth = 1000

export async function knowledgePage(
  store: KnowledgeStore,
  team: string,
  request: PageRequest
): Promise<KnowledgePage> {
  const { query, filter, status, limit, offset } = request
  const statuses = status ? [status] : everyStatus
  const pendingReview = filter === 'review'
  let entries: KnowledgeEntry[]
  let total: number | null
  let more: boolean
  if (query?.trim()) {
    // With the review filter the hits are filtered after the search, so it looks as deep as it pages.
    const depth = Math.min(pendingReview ? searchDepth : offset + limit + 1, searchDepth)
    const hits = await store.search(team, query, { limit: depth, statuses })
    const found = hits.map((hit) => hit.entry).filter((entry) => !pendingReview || entry.review === 'pending')
    entries = found.slice(offset, offset + limit)
    total = null
    more = found.length > offset + limit
  } else {
    const page = await store.page(team, { offset, limit }, { statuses, pendingReview })
    entries = page.entries
    total = page.total
    more = offset + entries.length < page.total
  }
  const { active, draft, retired, rejected = 0 } = store.countByStatus(team)
  return {
    entries,
    total,
    more,
    counts: { active, draft, retired, rejected },
    waiting: await store.reviewCount(team)
  }
}
