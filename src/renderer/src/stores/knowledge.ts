import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { RouteInput } from '../../../shared/contract'
import type { KnowledgeEntry } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import { outcomeText, type EntryOutcome } from '../workbench/knowledge/outcomeText'

/** `all`: every entry of the team; `review`: only those waiting for a person (the review queue). */
export type KnowledgeFilter = 'all' | 'review'
export type ReviewRequest = Omit<RouteInput<'knowledge.review'>, 'team' | 'entryId'>
export type EntryFieldsInput = Omit<RouteInput<'knowledge.create'>, 'team'>
export type EntryEditInput = RouteInput<'knowledge.edit'>['edit']
export type StatusChange = Omit<RouteInput<'knowledge.setStatus'>, 'team' | 'entryId'>

export const useKnowledgeStore = defineStore('knowledge', () => {
  const client = useVigilClient()
  const entries = ref<KnowledgeEntry[]>([])
  /** Entries waiting for review, whatever the search: the count on the queue's badge. */
  const queue = ref<KnowledgeEntry[]>([])
  /** Every entry of the team, whatever the search and filter: what the gaps list reads (its "learned as" note). */
  const all = ref<KnowledgeEntry[]>([])
  const query = ref('')
  const filter = ref<KnowledgeFilter>('all')
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** What the latest hand action did, in a sentence; each action replaces it (a failed one clears it). */
  const outcome = ref('')
  let latestRequest = 0

  const queueCount = computed(() => queue.value.length)

  /**
   * Lists the entries of the current filter, searched by `query` when it is not blank, and the review queue;
   * an answer to an older request is dropped.
   */
  async function load(): Promise<void> {
    const request = ++latestRequest
    const text = query.value.trim()
    loading.value = true
    try {
      const narrowed = Boolean(text) || filter.value === 'review'
      const [listed, waiting, everything] = await Promise.all([
        client.call('knowledge.list', {
          ...(text ? { query: text } : {}),
          ...(filter.value === 'review' ? { filter: 'review' as const } : {})
        }),
        client.call('knowledge.list', { filter: 'review' }),
        narrowed ? client.call('knowledge.list', {}) : null
      ])
      if (request !== latestRequest) return
      entries.value = listed
      queue.value = waiting
      all.value = everything ?? listed
      error.value = null
    } catch (caught) {
      if (request === latestRequest) error.value = errorText(caught)
    } finally {
      if (request === latestRequest) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  async function search(text: string): Promise<void> {
    query.value = text
    await load()
  }

  async function show(next: KnowledgeFilter): Promise<void> {
    filter.value = next
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
      // Whether it still belongs in the queue (and in the queue view) is the engine's call: list again.
      await load()
      return null
    } catch (caught) {
      // The refusal is shown at the form that asked; an older outcome must not read as this one's.
      outcome.value = ''
      return errorText(caught)
    }
  }

  // A learned or merged entry can change ranking and counters, so the current view is listed again.
  onScopeDispose(client.on('knowledge.changed', () => void load()))

  return {
    entries,
    all,
    queue,
    queueCount,
    query,
    filter,
    loading,
    loaded,
    error,
    outcome,
    load,
    search,
    show,
    review,
    rollback,
    create,
    edit,
    setStatus,
    history
  }
})
