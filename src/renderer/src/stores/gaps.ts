import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { KnowledgeGap } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

/** The problems the team's knowledge could not answer, as the engine lists them (open first, most frequent first). */
export const useGapsStore = defineStore('gaps', () => {
  const client = useVigilClient()
  const gaps = ref<KnowledgeGap[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let latestRequest = 0

  const open = computed(() => gaps.value.filter((gap) => gap.status === 'open'))
  const closed = computed(() => gaps.value.filter((gap) => gap.status === 'closed'))

  /** Loads the gaps; an answer to an older request is dropped. */
  async function load(): Promise<void> {
    const request = ++latestRequest
    try {
      const listed = await client.call('knowledge.gaps', {})
      if (request !== latestRequest) return
      gaps.value = listed
      error.value = null
    } catch (caught) {
      if (request === latestRequest) error.value = errorText(caught)
    } finally {
      if (request === latestRequest) loaded.value = true
    }
  }

  onScopeDispose(client.on('knowledge.gapsChanged', () => void load()))

  return { gaps, open, closed, loaded, error, load }
})
