import { computed, ref, type ComputedRef } from 'vue'
import { formatTime } from './format'
import { useEngineStore } from './stores/engine'
import { useTicketsStore } from './stores/tickets'
import { useEveryMinute } from './useEveryMinute'

/**
 * The "now" a screen's times are read against, one clock for all of them: in a demo or replay the demo's clock
 * (the time of the latest event, as the engine itself counts it: running/engineClock.ts), else the computer's,
 * moving each minute.
 */
export function useScreenClock(): ComputedRef<Date> {
  const engine = useEngineStore()
  const tickets = useTicketsStore()
  const wall = ref(new Date())
  useEveryMinute(() => (wall.value = new Date()))
  // The engine's clock as last reported (pushed after each resolution it learned from), moved on by the events
  // seen since (each ticket's latest message).
  const latestEvent = computed(() => {
    let latest = engine.status?.now ? Date.parse(engine.status.now) : 0
    for (const ticket of tickets.tickets) {
      if (ticket.lastMessageAt) latest = Math.max(latest, Date.parse(ticket.lastMessageAt))
    }
    return latest
  })
  return computed(() => {
    const source = engine.status?.source.kind
    return source && source !== 'none' && latestEvent.value ? new Date(latestEvent.value) : wall.value
  })
}

/** `formatTime` against the screen's clock: the date is left out for today, the demo's today in a demo. */
export function useScreenTime(): (iso: string) => string {
  const now = useScreenClock()
  return (iso) => formatTime(iso, now.value)
}
