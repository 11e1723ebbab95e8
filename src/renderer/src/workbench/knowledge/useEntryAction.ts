import { ref, type Ref } from 'vue'

export interface EntryAction<Mode extends string> {
  /** Which form is open: `idle` shows the buttons. */
  mode: Ref<'idle' | Mode>
  /** The note typed with a retire or a reject. */
  note: Ref<string>
  busy: Ref<boolean>
  /** The engine's refusal in words; the open form stays open with what was typed. */
  error: Ref<string | null>
  /** Runs an action that resolves to the engine's refusal in words, or null; on success the form closes. */
  run: (action: () => Promise<string | null>) => Promise<void>
  /** Opens a form (or goes back to the buttons) with a clean note and no error. */
  open: (next: 'idle' | Mode) => void
  /** The note as the engine takes it: trimmed, and left out when empty. */
  noteField: () => { note?: string }
}

/** What the actions under an entry share, for the active ones (EntryActions) and the review queue (ReviewActions). */
export function useEntryAction<Mode extends string>(): EntryAction<Mode> {
  const mode = ref('idle') as Ref<'idle' | Mode>
  const note = ref('')
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(action: () => Promise<string | null>): Promise<void> {
    busy.value = true
    error.value = await action()
    busy.value = false
    if (!error.value) mode.value = 'idle'
  }

  function open(next: 'idle' | Mode): void {
    mode.value = next
    error.value = null
    note.value = ''
  }

  const noteField = (): { note?: string } => (note.value.trim() ? { note: note.value.trim() } : {})

  return { mode, note, busy, error, run, open, noteField }
}
