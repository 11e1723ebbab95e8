import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { Suggestion } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { canAdopt, isDismissed } from '../feedback'
import { errorText } from '../format'
import {
  moveSelection,
  nextWake,
  overlayCards,
  parseSnoozes,
  runningSnoozes,
  selectedCard,
  selectionAfterLeaving,
  type Snoozes
} from '../overlay/overlayCards'
import { useSuggestionsStore } from './suggestions'
import { useTicketsStore } from './tickets'

/** How long a snooze can be chosen for, in minutes, with the words the menu shows. */
export const snoozeChoices = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' }
] as const

/** Snoozes survive a reload of the overlay (the desktop window's page, or the browser tab). */
export const snoozeStorageKey = 'vigil.overlay.snoozes'
/** How long the Adopt button says "Copied" before it reads "Adopt" again. */
export const copiedFeedbackMs = 2500

/** What happened to the last adopted card: copied to the clipboard, or recorded while the copy was refused. */
export interface AdoptOutcome {
  suggestionId: string
  copied: boolean
}

/**
 * The overlay's own state: which cards it shows (nothing dismissed, resolved or snoozed), which one is selected and
 * which are open, and the actions the keyboard and the global shortcuts run on the selected card.
 */
export const useOverlayStore = defineStore('overlay', () => {
  const client = useVigilClient()
  const suggestions = useSuggestionsStore()
  const tickets = useTicketsStore()
  const storage = typeof localStorage === 'undefined' ? null : localStorage

  const now = ref(Date.now())
  const snoozes = ref<Snoozes>(runningSnoozes(parseSnoozes(readStored()), now.value))
  const pickedId = ref<string | null>(null)
  const expandedIds = ref<string[]>([])
  const adopted = ref<AdoptOutcome | null>(null)
  /** A flagged card waiting for a second Adopt, which confirms it. */
  const confirmingId = ref<string | null>(null)
  const actionError = ref<{ suggestionId: string; text: string } | null>(null)
  const busyId = ref<string | null>(null)
  /** The ticket of the card last dismissed here: Ask stays about it, and the empty list says why it is empty. */
  const lastDismissedTicket = ref<string | null>(null)
  /** The card whose snooze choices are open (the `s` key opens them on the selected card). */
  const snoozeMenuFor = ref<string | null>(null)

  const cards = computed(() =>
    overlayCards(suggestions.newestFirst, {
      isWatched: tickets.isWatched,
      snoozes: snoozes.value,
      now: now.value
    })
  )
  const selected = computed(() => selectedCard(cards.value, pickedId.value))
  /** Running snoozes, soonest to end first, with how many open cards each hides. */
  const snoozed = computed(() =>
    Object.entries(runningSnoozes(snoozes.value, now.value))
      .map(([ticketId, until]) => ({
        ticketId,
        until,
        hidden: suggestions.items.filter(
          (card) => card.ticketId === ticketId && !isDismissed(card) && tickets.isWatched(ticketId)
        ).length
      }))
      .sort((a, b) => a.until - b.until)
  )

  const isExpanded = (suggestionId: string) => expandedIds.value.includes(suggestionId)
  const byId = (suggestionId: string | undefined): Suggestion | null =>
    cards.value.find((card) => card.id === suggestionId) ?? null

  function select(suggestionId: string): void {
    pickedId.value = suggestionId
  }
  const next = () => (pickedId.value = moveSelection(cards.value, pickedId.value, 1))
  const previous = () => (pickedId.value = moveSelection(cards.value, pickedId.value, -1))

  function toggleExpanded(suggestionId = selected.value?.id): void {
    if (!suggestionId) return
    pickedId.value = suggestionId
    expandedIds.value = isExpanded(suggestionId)
      ? expandedIds.value.filter((id) => id !== suggestionId)
      : [...expandedIds.value, suggestionId]
  }

  let copiedTimer: ReturnType<typeof setTimeout> | null = null
  /**
   * Copies the card's text and records the adoption. A flagged card is never adopted with one press: the first asks
   * (`confirmingId`), the second confirms. In the desktop app the engine copies through the system clipboard, so a
   * page that may not write the clipboard itself (an unfocused overlay) still copies.
   */
  async function adopt(suggestionId = selected.value?.id): Promise<void> {
    const card = byId(suggestionId)
    // An escalation alert is not a reply: there is nothing to adopt (its card offers no Adopt either).
    if (!card || !canAdopt(card)) return
    pickedId.value = card.id
    if (card.risk && confirmingId.value !== card.id) {
      confirmingId.value = card.id
      return
    }
    confirmingId.value = null
    busyId.value = card.id
    try {
      const pageCopied = await copyText(card.text)
      await suggestions.react(card.id, 'adopted')
      adopted.value = { suggestionId: card.id, copied: pageCopied || client.shell.canRequestFocus }
      actionError.value = null
      if (copiedTimer) clearTimeout(copiedTimer)
      copiedTimer = setTimeout(() => (adopted.value = null), copiedFeedbackMs)
    } catch (caught) {
      actionError.value = { suggestionId: card.id, text: errorText(caught) }
    } finally {
      busyId.value = null
    }
  }

  /** Dismisses the card; the selection moves to the card that takes its place. */
  async function dismiss(suggestionId = selected.value?.id, reason?: string): Promise<void> {
    const card = byId(suggestionId)
    if (!card) return
    const after = selectionAfterLeaving(cards.value, card.id)
    const wasSelected = selected.value?.id === card.id
    busyId.value = card.id
    try {
      await suggestions.react(card.id, 'dismissed', reason)
      lastDismissedTicket.value = card.ticketId
      if (wasSelected) pickedId.value = after
      actionError.value = null
    } catch (caught) {
      actionError.value = { suggestionId: card.id, text: errorText(caught) }
    } finally {
      busyId.value = null
    }
  }

  /** Records a like or dislike from the overlay (the last word counts). */
  async function react(suggestionId: string, kind: 'liked' | 'disliked', reason?: string): Promise<void> {
    busyId.value = suggestionId
    try {
      await suggestions.react(suggestionId, kind, reason)
      actionError.value = null
    } catch (caught) {
      actionError.value = { suggestionId, text: errorText(caught) }
    } finally {
      busyId.value = null
    }
  }

  /** Opens the selected card with its snooze choices. */
  function openSnoozeMenu(suggestionId = selected.value?.id): void {
    if (!suggestionId) return
    pickedId.value = suggestionId
    if (!isExpanded(suggestionId)) expandedIds.value = [...expandedIds.value, suggestionId]
    snoozeMenuFor.value = suggestionId
  }

  /** Hides the ticket's cards for `minutes`; the selection moves off them. */
  function snooze(ticketId: string, minutes: number): void {
    snoozeMenuFor.value = null
    now.value = Date.now()
    const leaving = selected.value?.ticketId === ticketId
    const after = leaving ? cards.value.find((card) => card.ticketId !== ticketId)?.id : undefined
    snoozes.value = { ...runningSnoozes(snoozes.value, now.value), [ticketId]: now.value + minutes * 60_000 }
    if (leaving) pickedId.value = after ?? null
    persist()
  }

  /** Shows the ticket's cards again before the snooze ends. */
  function wake(ticketId: string): void {
    const { [ticketId]: _ended, ...rest } = snoozes.value
    snoozes.value = rest
    now.value = Date.now()
    persist()
  }

  // The clock only matters when a snooze ends: one timer, set for the next end.
  let wakeTimer: ReturnType<typeof setTimeout> | null = null
  function scheduleWake(): void {
    if (wakeTimer) clearTimeout(wakeTimer)
    wakeTimer = null
    const wakeAt = nextWake(snoozes.value, now.value)
    if (wakeAt === null) return
    wakeTimer = setTimeout(
      () => {
        now.value = Date.now()
        snoozes.value = runningSnoozes(snoozes.value, now.value)
        persist()
      },
      Math.max(0, wakeAt - now.value) + 50
    )
  }
  scheduleWake()

  function persist(): void {
    try {
      storage?.setItem(snoozeStorageKey, JSON.stringify(snoozes.value))
    } catch {
      // Storage full or refused: the snooze still holds for this page.
    }
    scheduleWake()
  }

  function readStored(): string | null {
    try {
      return storage?.getItem(snoozeStorageKey) ?? null
    } catch {
      return null
    }
  }

  onScopeDispose(() => {
    if (wakeTimer) clearTimeout(wakeTimer)
    if (copiedTimer) clearTimeout(copiedTimer)
  })

  return {
    cards,
    selected,
    snoozed,
    adopted,
    confirmingId,
    actionError,
    busyId,
    snoozeMenuFor,
    isExpanded,
    select,
    next,
    previous,
    toggleExpanded,
    adopt,
    dismiss,
    lastDismissedTicket,
    react,
    openSnoozeMenu,
    snooze,
    wake
  }
})

/** Writes the clipboard from the page; false when the page may not (no permission, not focused, no clipboard). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
