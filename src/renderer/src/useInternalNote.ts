import { ref, type Ref } from 'vue'
import { errorText } from './format'
import { useSuggestionsStore } from './stores/suggestions'

export interface InternalNote {
  /** Whether the text went to the ticket as an internal note, or why not, in words. */
  note: Ref<{ posted: boolean; text: string } | null>
  posting: Ref<boolean>
  /** Posts the suggestion's text to its ticket; a posted note is not posted twice (the button stays disabled). */
  post: () => Promise<void>
}

/** "Post as internal note" on a card, in the workbench and the overlay alike. */
export function useInternalNote(suggestionId: () => string): InternalNote {
  const suggestions = useSuggestionsStore()
  const note = ref<{ posted: boolean; text: string } | null>(null)
  const posting = ref(false)

  async function post(): Promise<void> {
    posting.value = true
    try {
      const ticketId = await suggestions.postNote(suggestionId())
      note.value = { posted: true, text: `Posted to ${ticketId} as an internal note` }
    } catch (caught) {
      note.value = { posted: false, text: errorText(caught) }
    } finally {
      posting.value = false
    }
  }

  return { note, posting, post }
}
