/**
 * The period a stats report covers, in words, for the analytics page and `vigil stats`: an open end of the range
 * ("everything recorded", or "the last 30 days" up to now) is stated as the first or last day with records in it.
 */
import type { StatsReport } from './stats'

/** What the analytics page and `vigil stats` cover unless asked otherwise: everything the engine recorded. */
export const defaultStatsPeriod = 'everything recorded'

/** Later than any record: the far end of an open range (see teamStats.statsRange). */
const OPEN_END_YEAR = 9999

/** The first and last day with a card or a knowledge change in the report, or null when it has none. */
export function activeDays(report: StatsReport): { first: string; last: string } | null {
  const days = [...report.suggestions.perDay, ...report.knowledge.perDay].map((row) => row.day).sort()
  return days.length === 0 ? null : { first: days[0]!, last: days.at(-1)! }
}

/**
 * The range's days: "2026-03-01 to 2026-03-07"; "since 2026-03-01" for the last N days (up to now); everything
 * recorded as its first and last day with records ("2026-03-02 to 2026-03-31"), or "nothing recorded yet".
 */
export function statsPeriodDays(report: StatsReport): string {
  const from = report.from.slice(0, 10)
  const to = report.to.slice(0, 10)
  const openStart = Date.parse(report.from) <= 0
  const openEnd = new Date(report.to).getUTCFullYear() > OPEN_END_YEAR
  if (openStart && openEnd) {
    const active = activeDays(report)
    if (!active) return 'nothing recorded yet'
    return active.first === active.last ? active.first : `${active.first} to ${active.last}`
  }
  if (openEnd) return `since ${from}`
  if (openStart) return `up to ${to}`
  return from === to ? from : `${from} to ${to}`
}
