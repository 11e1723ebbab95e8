import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { FeedbackKind, Suggestion } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { isDismissed } from '../feedback'
import { errorText } from '../format'
import { upsertById } from './upsertById'

/** How many recent suggestions the pages load at start; older ones arrive with their ticket. */
const initialLimit = 100

export const useSuggestionsStore = defineStore('suggestions', () => {
  const client = useVigilClient()
  const items = ref<Suggestion[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)

  const newestFirst = computed(() => [...items.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)))
  /** What the overlay shows: everything the analyst has not dismissed. */
  const active = computed(() => newestFirst.value.filter((suggestion) => !isDismissed(suggestion)))

  const forTicket = (ticketId: string) =>
    newestFirst.value.filter((suggestion) => suggestion.ticketId === ticketId)

  function upsert(suggestion: Suggestion): void {
    items.value = upsertById(items.value, suggestion)
  }

  function merge(suggestions: readonly Suggestion[]): void {
    suggestions.forEach(upsert)
  }

  async function load(): Promise<void> {
    try {
      merge(await client.call('suggestions.list', { limit: initialLimit }))
      error.value = null
    } catch (caught) {
      error.value = errorText(caught)
    } finally {
      loaded.value = true
    }
  }

  /** Records feedback; throws a BridgeError the card shows when the engine refuses. */
  async function react(suggestionId: string, kind: FeedbackKind, reason?: string): Promise<Suggestion> {
    const input = reason ? { suggestionId, kind, reason } : { suggestionId, kind }
    const updated = await client.call('suggestions.react', input)
    upsert(updated)
    return updated
  }

  /**
   * Posts the suggestion's text as an internal note (analysts only) on its ticket, in the system the ticket came
   * from; returns the ticket's id. Throws a BridgeError the card shows when the system refuses.
   */
  async function postNote(suggestionId: string): Promise<string> {
    const { ticketId } = await client.call('suggestions.postNote', { suggestionId })
    return ticketId
  }

  onScopeDispose(client.on('suggestion.added', upsert))
  onScopeDispose(client.on('suggestion.updated', upsert))

  return { items, loaded, error, newestFirst, active, forTicket, upsert, merge, load, react, postNote }
})
