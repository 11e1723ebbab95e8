import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StatsReport } from '../../../shared/stats'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

/** How far back the analytics page looks; `all` is everything the engine recorded. */
export type StatsPeriod = 7 | 30 | 90 | 'all'

/** The team's figures for the analytics page, computed by the engine from its own records. */
export const useStatsStore = defineStore('stats', () => {
  const client = useVigilClient()
  const report = ref<StatsReport | null>(null)
  const period = ref<StatsPeriod>(30)
  const error = ref<string | null>(null)
  let latestRequest = 0

  /**
   * Loads the figures for the chosen period, ending on the engine's clock (a demo's recorded days, live: today); an
   * answer to an older request is dropped.
   */
  async function load(): Promise<void> {
    const request = ++latestRequest
    const range = period.value === 'all' ? {} : { days: period.value }
    try {
      const loaded = await client.call('stats.get', range)
      if (request !== latestRequest) return
      report.value = loaded
      error.value = null
    } catch (caught) {
      if (request === latestRequest) error.value = errorText(caught)
    }
  }

  function choose(next: StatsPeriod): Promise<void> {
    period.value = next
    return load()
  }

  return { report, period, error, load, choose }
})
