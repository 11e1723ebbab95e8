import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { KnowledgeEntry } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

export const useKnowledgeStore = defineStore('knowledge', () => {
  const client = useVigilClient()
  const entries = ref<KnowledgeEntry[]>([])
  const query = ref('')
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let latestRequest = 0

  /** Lists the team's entries, searched by `query` when it is not blank; an answer to an older search is dropped. */
  async function load(): Promise<void> {
    const request = ++latestRequest
    const text = query.value.trim()
    loading.value = true
    try {
      const result = await client.call('knowledge.list', text ? { query: text } : {})
      if (request !== latestRequest) return
      entries.value = result
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

  // A learned or merged entry can change ranking and counters, so the current view is listed again.
  onScopeDispose(client.on('knowledge.changed', () => void load()))

  return { entries, query, loading, loaded, error, load, search }
})
