import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { RouteInput, RouteOutput } from '../../../shared/contract'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import type { EntryCounts } from '../../../shared/entryCounts'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import { outcomeText, type EntryOutcome } from '../workbench/knowledge/outcomeText'

/** `all`: every entry of the team; `review`: only those waiting for a person (the review queue). */
export type KnowledgeFilter = 'all' | 'review'
export type ReviewRequest = Omit<RouteInput<'knowledge.review'>, 'team' | 'entryId'>
export type EntryFieldsInput = Omit<RouteInput<'knowledge.create'>, 'team'>
export type EntryEditInput = RouteInput<'knowledge.edit'>['edit']
export type StatusChange = Omit<RouteInput<'knowledge.setStatus'>, 'team' | 'entryId'>

/** Entries asked for per page: the first paint of the screen, and each "Show more". */
export const knowledgePageSize = 50
/** The most entries one refresh asks for again (the contract's page limit). */
const refreshLimit = 200

export const useKnowledgeStore = defineStore('knowledge', () => {
  const client = useVigilClient()
  /** The pages listed so far, in order: the first one, then each "Show more". */
  const entries = ref<KnowledgeEntry[]>([])
  /** How many entries pass the filter (null for a search: hits are not counted to the end). */
  const total = ref<number | null>(null)
  /** Whether the engine has more entries after the ones listed. */
  const more = ref(false)
  /** Every entry of the team by status, whatever the filter and search, from the engine's catalogue. */
  const counts = ref<EntryCounts | null>(null)
  /** Entries waiting for review, whatever the search: the count on the queue's badge. */
  const waiting = ref(0)
  const query = ref('')
  const filter = ref<KnowledgeFilter>('all')
  /** Only entries with this status; null: any. */
  const status = ref<EntryStatus | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** What the latest hand action did, in a sentence; each action replaces it (a failed one clears it). */
  const outcome = ref('')
  let latestRequest = 0

  const queueCount = computed(() => waiting.value)

  /** The page request for the current search and filters. */
  function request(offset: number, limit: number): RouteInput<'knowledge.page'> {
    const text = query.value.trim()
    return {
      offset,
      limit,
      ...(text ? { query: text } : {}),
      ...(filter.value === 'review' ? { filter: 'review' as const } : {}),
      ...(status.value ? { status: status.value } : {})
    }
  }

  function take(page: RouteOutput<'knowledge.page'>): void {
    total.value = page.total
    more.value = page.more
    counts.value = page.counts
    waiting.value = page.waiting
  }

  /**
   * Lists the first page of the current search and filters (or, with `keep`, as many entries as are listed now, up
   * to 200: a refresh after a change that keeps the analyst's place); an answer to an older request is dropped.
   */
  async function load(keep = false): Promise<void> {
    const asked = ++latestRequest
    const limit = keep
      ? Math.min(Math.max(entries.value.length, knowledgePageSize), refreshLimit)
      : knowledgePageSize
    loading.value = true
    try {
      const page = await client.call('knowledge.page', request(0, limit))
      if (asked !== latestRequest) return
      entries.value = page.entries
      take(page)
      error.value = null
    } catch (caught) {
      if (asked === latestRequest) error.value = errorText(caught)
    } finally {
      if (asked === latestRequest) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  /** Lists the next page after the entries listed (on scroll or "Show more"); ignored while one is on its way. */
  async function loadMore(): Promise<void> {
    if (!more.value || loadingMore.value || loading.value) return
    const asked = latestRequest
    loadingMore.value = true
    try {
      const page = await client.call('knowledge.page', request(entries.value.length, knowledgePageSize))
      if (asked !== latestRequest) return
      const listed = new Set(entries.value.map((entry) => entry.id))
      entries.value = [...entries.value, ...page.entries.filter((entry) => !listed.has(entry.id))]
      take(page)
      error.value = null
    } catch (caught) {
      if (asked === latestRequest) error.value = errorText(caught)
    } finally {
      loadingMore.value = false
    }
  }

  /** The team's entries learned from or confirmed on any of `ticketIds` (what the gaps list notes). */
  const learnedFrom = (ticketIds: string[]): Promise<KnowledgeEntry[]> =>
    client.call('knowledge.learnedFrom', { ticketIds })

  async function search(text: string): Promise<void> {
    query.value = text
    await load()
  }

  async function show(next: KnowledgeFilter): Promise<void> {
    filter.value = next
    await load()
  }

  /** Lists only entries with `next` status (null: any). */
  async function showStatus(next: EntryStatus | null): Promise<void> {
    status.value = next
    await load()
  }

  /** Approves, rejects or edits an entry; resolves to the engine's refusal in words, or null when it was done. */
  async function review(entryId: string, request: ReviewRequest): Promise<string | null> {
    const said = ({ approve: 'approved', reject: 'rejected', edit: 'review-edited' } as const)[request.action]
    return change(() => client.call('knowledge.review', { entryId, ...request }), said)
  }

  /** Restores an earlier version as a new one; resolves to the engine's refusal, or null when it was done. */
  async function rollback(entryId: string, version: number): Promise<string | null> {
    return change(() => client.call('knowledge.rollback', { entryId, version }), 'rolled-back', version)
  }

  /**
   * Writes a new entry by hand; resolves to the engine's refusal in words, or to the entry as stored (a draft held
   * for review when its steps look risky).
   */
  async function create(fields: EntryFieldsInput): Promise<string | KnowledgeEntry> {
    let stored: KnowledgeEntry | undefined
    const refusal = await change(
      async () => (stored = await client.call('knowledge.create', fields)),
      'created'
    )
    return refusal ?? stored!
  }

  /** Changes an entry that does not wait for review, as a new version; the refusal in words, or null. */
  async function edit(entryId: string, fields: EntryEditInput): Promise<string | null> {
    return change(() => client.call('knowledge.edit', { entryId, edit: fields }), 'edited')
  }

  /** Retires or restores an entry; the refusal in words, or null. */
  async function setStatus(entryId: string, request: StatusChange): Promise<string | null> {
    const said = request.action === 'retire' ? 'retired' : 'restored'
    return change(() => client.call('knowledge.setStatus', { entryId, ...request }), said)
  }

  /** Earlier versions of an entry, oldest first. */
  const history = (entryId: string): Promise<KnowledgeEntry[]> =>
    client.call('knowledge.history', { entryId })

  async function change(
    action: () => Promise<KnowledgeEntry>,
    said: EntryOutcome,
    fromVersion?: number
  ): Promise<string | null> {
    try {
      const updated = await action()
      outcome.value = outcomeText(said, updated, fromVersion)
      entries.value = entries.value.map((entry) => (entry.id === updated.id ? updated : entry))
      // Whether it still belongs in the queue (and in the queue view) is the engine's call: list again, keeping
      // the entries listed so far.
      await load(true)
      return null
    } catch (caught) {
      // The refusal is shown at the form that asked; an older outcome must not read as this one's.
      outcome.value = ''
      return errorText(caught)
    }
  }

  // A learned or merged entry can change ranking and counters, so the current view is listed again.
  onScopeDispose(client.on('knowledge.changed', () => void load(true)))

  return {
    entries,
    total,
    more,
    counts,
    queueCount,
    query,
    filter,
    status,
    loading,
    loadingMore,
    loaded,
    error,
    outcome,
    load,
    loadMore,
    learnedFrom,
    search,
    show,
    showStatus,
    review,
    rollback,
    create,
    edit,
    setStatus,
    history
  }
})
