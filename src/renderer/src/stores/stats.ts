import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StatsReport } from '../../../shared/stats'
import { defaultStatsPeriod } from '../../../shared/statsPeriod'
import { useVigilClient } from '../bridge'
import { errorText } from '../format'

/** How far back the analytics page looks; `all` is everything the engine recorded, `custom` the days typed. */
export type StatsPeriod = 7 | 30 | 90 | 'all' | 'custom'

/** The periods offered, each with the words the page uses for it ("Top knowledge, last 30 days"). */
export const statsPeriods: ReadonlyArray<{ value: StatsPeriod; label: string; words: string }> = [
  { value: 'all', label: 'Everything recorded', words: defaultStatsPeriod },
  { value: 7, label: 'Last 7 days', words: 'last 7 days' },
  { value: 30, label: 'Last 30 days', words: 'last 30 days' },
  { value: 90, label: 'Last 90 days', words: 'last 90 days' },
  { value: 'custom', label: 'Days of your choice', words: 'chosen days' }
]

const day = /^\d{4}-\d{2}-\d{2}$/

/** What is wrong with a chosen range of days, in words; null when it can be asked for. */
export function rangeProblem(from: string, to: string): string | null {
  if (!from || !to) return 'Give the first and the last day.'
  if (!day.test(from) || Number.isNaN(Date.parse(from)))
    return 'The first day must be a date like 2026-03-01.'
  if (!day.test(to) || Number.isNaN(Date.parse(to))) return 'The last day must be a date like 2026-03-31.'
  if (from > to) return 'The first day is after the last day: swap them.'
  return null
}

/** The team's figures for the analytics page, computed by the engine from its own records. */
export const useStatsStore = defineStore('stats', () => {
  const client = useVigilClient()
  const report = ref<StatsReport | null>(null)
  // Everything recorded, as `vigil stats` without --from/--to: the page and the command agree unless asked otherwise.
  const period = ref<StatsPeriod>('all')
  /** The period the shown report covers: the chosen one once its figures have arrived. */
  const reportPeriod = ref<StatsPeriod>('all')
  const error = ref<string | null>(null)
  /** The team whose figures are shown; null: the analyst's own (the engine's default). */
  const team = ref<string | null>(null)
  /** The days of a `custom` period, inclusive. */
  const from = ref('')
  const to = ref('')
  let latestRequest = 0

  /**
   * Loads the figures for the chosen period, ending on the engine's clock (a demo's recorded days, live: today); an
   * answer to an older request is dropped.
   */
  async function load(): Promise<void> {
    const request = ++latestRequest
    const chosen = period.value
    if (chosen === 'custom') {
      // A range that cannot be asked for is said at the fields; the figures shown stay until it can.
      const problem = rangeProblem(from.value, to.value)
      error.value = problem
      if (problem) return
    }
    const range =
      chosen === 'all' ? {} : chosen === 'custom' ? { from: from.value, to: to.value } : { days: chosen }
    try {
      const loaded = await client.call('stats.get', { ...range, ...(team.value ? { team: team.value } : {}) })
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

  function chooseTeam(next: string | null): Promise<void> {
    team.value = next
    return load()
  }

  /** Shows the days from `first` to `last`, inclusive. */
  function chooseDays(first: string, last: string): Promise<void> {
    from.value = first
    to.value = last
    period.value = 'custom'
    return load()
  }

  return { report, period, reportPeriod, error, team, from, to, load, choose, chooseTeam, chooseDays }
})
