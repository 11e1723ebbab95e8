import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StatsReport } from '../../../shared/stats'
import { defaultStatsPeriod } from '../../../shared/statsPeriod'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

/** How far back the analytics page looks; `all` is everything the engine recorded. */
export type StatsPeriod = 7 | 30 | 90 | 'all'

/** The periods offered, each with the words the page uses for it ("Top knowledge, last 30 days"). */
export const statsPeriods: ReadonlyArray<{ value: StatsPeriod; label: string; words: string }> = [
  { value: 'all', label: 'Everything recorded', words: defaultStatsPeriod },
  { value: 7, label: 'Last 7 days', words: 'last 7 days' },
  { value: 30, label: 'Last 30 days', words: 'last 30 days' },
  { value: 90, label: 'Last 90 days', words: 'last 90 days' }
]

/** The team's figures for the analytics page, computed by the engine from its own records. */
export const useStatsStore = defineStore('stats', () => {
  const client = useVigilClient()
  const report = ref<StatsReport | null>(null)
  // Everything recorded, as `vigil stats` without --from/--to: the page and the command agree unless asked otherwise.
  const period = ref<StatsPeriod>('all')
  /** The period the shown report covers: the chosen one once its figures have arrived. */
  const reportPeriod = ref<StatsPeriod>('all')
  const error = ref<string | null>(null)
  let latestRequest = 0

  /**
   * Loads the figures for the chosen period, ending on the engine's clock (a demo's recorded days, live: today); an
   * answer to an older request is dropped.
   */
  async function load(): Promise<void> {
    const request = ++latestRequest
    const chosen = period.value
    const range = chosen === 'all' ? {} : { days: chosen }
    try {
      const loaded = await client.call('stats.get', range)
      if (request !== latestRequest) return
      report.value = loaded
      reportPeriod.value = chosen
      error.value = null
    } catch (caught) {
      if (request === latestRequest) error.value = errorText(caught)
    }
  }

  function choose(next: StatsPeriod): Promise<void> {
    period.value = next
    return load()
  }

  return { report, period, reportPeriod, error, load, choose }
})
