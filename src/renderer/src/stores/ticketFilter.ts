import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'
import {
  emptyFilter,
  filterTickets,
  groupTickets,
  isFiltered,
  type TicketFilter
} from '../workbench/tickets/ticketFilter'
import { useTicketsStore } from './tickets'
import { upsertById } from './upsertById'

/** How long typing pauses before the engine searches message text. */
export const searchDelayMs = 250

/** The Tickets screen's filters and search; the list it shows is `groups` (open and resolved). */
export const useTicketFilterStore = defineStore('ticketFilter', () => {
  const client = useVigilClient()
  const tickets = useTicketsStore()
  const filter = reactive<TicketFilter>(emptyFilter())
  /** Tickets whose messages match the query, with the matching excerpt (the engine's answer to the last query). */
  const messageMatches = ref(new Map<string, string>())
  const searchError = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0

  const visible = computed(() => filterTickets(tickets.tickets, filter, new Set(messageMatches.value.keys())))
  const groups = computed(() => groupTickets(visible.value))
  const filtered = computed(() => isFiltered(filter))
  /**
   * The selected ticket while the list shows it: a search or filter that hides it clears the conversation, the case
   * tracker and the cards (it comes back, still selected, when the filter lets it through again).
   */
  const shown = computed(() => {
    const selected = tickets.selected
    return selected && (!filtered.value || visible.value.some((ticket) => ticket.id === selected.id))
      ? selected
      : null
  })
  /** Why the list is empty under the filters, naming the search: `No ticket matches "toner E52".` */
  const noMatch = computed(() => {
    const query = filter.query.trim()
    const others = isFiltered({ ...filter, query: '' })
    if (!query) return 'No ticket matches these filters.'
    return `No ticket matches “${query}”${others ? ' with these filters' : ''}.`
  })

  /** Asks the engine which tickets' messages hold the query; an answer to an older query is dropped. */
  async function searchMessages(): Promise<void> {
    const query = filter.query.trim()
    const mine = ++asked
    if (!query) {
      messageMatches.value = new Map()
      searchError.value = null
      return
    }
    try {
      const hits = await client.call('tickets.search', { query: query.slice(0, 500) })
      if (mine !== asked) return
      // A ticket that left memory comes with its summary: listed (resolved) so the match can be opened.
      for (const hit of hits)
        if (hit.ticket && !tickets.byId(hit.ticketId))
          tickets.tickets = upsertById(tickets.tickets, hit.ticket)
      messageMatches.value = new Map(hits.map((hit) => [hit.ticketId, hit.excerpt]))
      searchError.value = null
    } catch (caught) {
      if (mine === asked) searchError.value = `Message text was not searched: ${errorText(caught)}`
    }
  }

  function scheduleSearch(): void {
    clearTimeout(timer)
    timer = setTimeout(() => void searchMessages(), searchDelayMs)
  }

  function reset(): void {
    Object.assign(filter, emptyFilter())
  }

  watch(() => filter.query, scheduleSearch)
  // A new message may match the query: search again while one is typed in.
  onScopeDispose(client.on('message.added', () => filter.query.trim() && scheduleSearch()))
  onScopeDispose(() => clearTimeout(timer))

  return {
    filter,
    messageMatches,
    searchError,
    visible,
    groups,
    filtered,
    shown,
    noMatch,
    reset,
    searchMessages
  }
})
