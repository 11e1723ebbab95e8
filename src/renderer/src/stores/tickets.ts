import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { CaseTracker, TicketSummary } from '../../../shared/contract'
import type { Message } from '../../../shared/domain'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import { useSuggestionsStore } from './suggestions'
import { upsertById } from './upsertById'

const closedStatuses = new Set(['resolved', 'closed'])
const lastActivity = (ticket: TicketSummary) => ticket.lastMessageAt ?? ticket.updatedAt

export const useTicketsStore = defineStore('tickets', () => {
  const client = useVigilClient()
  const suggestions = useSuggestionsStore()
  const tickets = ref<TicketSummary[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const selectedId = ref<string | null>(null)
  /**
   * Whether the analyst chose the selected ticket (a click, a key, a link). Until one does, the screen follows the
   * work: it moves off a ticket that was resolved to the most recently active open ticket (see TicketsView).
   */
  const chosenByHand = ref(false)
  const messages = ref<Message[]>([])
  const detailError = ref<string | null>(null)
  const detailLoading = ref(false)
  /** The selected ticket's case tracker, kept current by the engine's `ticket.tracker` events. */
  const tracker = ref<CaseTracker | null>(null)

  const sorted = computed(() =>
    [...tickets.value].sort((a, b) => lastActivity(b).localeCompare(lastActivity(a)))
  )
  /** Tickets Vigil is still watching: everything not resolved or closed. */
  const watchedCount = computed(() => tickets.value.filter((t) => !closedStatuses.has(t.status)).length)
  const selected = computed(() => tickets.value.find((t) => t.id === selectedId.value) ?? null)
  const byId = (ticketId: string) => tickets.value.find((t) => t.id === ticketId) ?? null
  /** Whether Vigil still watches the ticket; a ticket not listed yet counts as watched. */
  const isWatched = (ticketId: string) => {
    const ticket = byId(ticketId)
    return ticket === null || !closedStatuses.has(ticket.status)
  }

  async function load(): Promise<void> {
    try {
      tickets.value = await client.call('tickets.list', {})
      error.value = null
    } catch (caught) {
      error.value = errorText(caught)
    } finally {
      loaded.value = true
    }
  }

  /**
   * Opens a ticket's conversation; a slower answer for a ticket no longer selected is dropped. `how`: chosen by the
   * analyst (the default), picked by the screen itself (`auto`), or the same choice loaded again (`reload`).
   */
  async function select(ticketId: string, how: 'hand' | 'auto' | 'reload' = 'hand'): Promise<void> {
    if (how !== 'reload') chosenByHand.value = how === 'hand'
    selectedId.value = ticketId
    messages.value = []
    tracker.value = null
    detailError.value = null
    detailLoading.value = true
    try {
      const detail = await client.call('tickets.get', { ticketId })
      if (selectedId.value !== ticketId) return
      tickets.value = upsertById(tickets.value, detail.ticket)
      messages.value = detail.messages
      // A tracker pushed while this answer travelled is newer than the one it carries.
      const pushed = tracker.value as CaseTracker | null
      if (detail.tracker && (!pushed || detail.tracker.updatedAt >= pushed.updatedAt))
        tracker.value = detail.tracker
      suggestions.merge(detail.suggestions)
    } catch (caught) {
      if (selectedId.value === ticketId) detailError.value = errorText(caught)
    } finally {
      if (selectedId.value === ticketId) detailLoading.value = false
    }
  }

  /**
   * Asks the engine for the selected ticket's tracker again: how long the customer has waited moves with the
   * engine's clock, not only with the ticket's own events. A tracker pushed meanwhile for a later message wins.
   */
  async function refreshTracker(): Promise<void> {
    const ticketId = selectedId.value
    if (!ticketId || detailLoading.value) return
    try {
      const detail = await client.call('tickets.get', { ticketId })
      const shown = tracker.value
      if (selectedId.value !== ticketId || !detail.tracker) return
      if (!shown || detail.tracker.updatedAt >= shown.updatedAt) tracker.value = detail.tracker
    } catch {
      // The tracker shown stays; the next minute asks again (a failure to open the ticket is shown by select).
    }
  }

  function onMessage(message: Message): void {
    if (message.ticketId !== selectedId.value) return
    if (messages.value.some((existing) => existing.id === message.id)) return
    messages.value = [...messages.value, message]
  }

  onScopeDispose(client.on('ticket.changed', (t) => (tickets.value = upsertById(tickets.value, t))))
  onScopeDispose(client.on('message.added', onMessage))
  onScopeDispose(
    client.on('ticket.tracker', (next) => {
      if (next.ticketId === selectedId.value) tracker.value = next
    })
  )

  return {
    tickets,
    loaded,
    error,
    selectedId,
    chosenByHand,
    messages,
    detailError,
    detailLoading,
    tracker,
    sorted,
    watchedCount,
    selected,
    byId,
    isWatched,
    load,
    select,
    refreshTracker
  }
})
