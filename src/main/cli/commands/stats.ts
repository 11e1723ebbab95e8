/**
 * `vigil stats`: the analytics page's figures for scripts, read from a data folder without starting the engine.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { count } from '../../../shared/plural'
import { silentLogger } from '../../engine/host'
import { existingDataDir } from '../../headless/dataDir'
import type { StatsReport } from '../../../shared/stats'
import { defaultStatsPeriod, statsPeriodDays } from '../../../shared/statsPeriod'
import { readStatsSources } from '../../engine/stats/statsSources'
import { statsRange, teamStats } from '../../engine/stats/teamStats'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const statsUsage = `Usage: vigil stats --data-dir D [--team T] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
  --data-dir  the data folder of a Vigil (the app's, or one given to vigil serve / replay)
  --team      the team (default: the only team in the folder)
  --from/--to the date range, inclusive (default: everything recorded, as the workbench's Analytics page opens)
  --json      one JSON object: team, from/to (null where not given), period (the days covered, in words),
              suggestions {total, byKind, perDay}, reactions {adopted, edited, liked, disliked, dismissed, ignored,
              sent}, outcomes, rates, precisionByKind, timeToUsefulCard, knowledge {entries, drafts, learned, merged,
              corrected, retired, perDay}, topEntries, gaps, modelCallsAvoided, timeSaved {minutes, formula}
`

const statsOptions = {
  'data-dir': { type: 'string' },
  team: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean', default: false }
} as const

export async function runStats(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({ args: argv, options: statsOptions }))
  } catch (error) {
    throw argumentError(error, statsUsage)
  }
  if (!values['data-dir']) throw new VigilError(ErrorCode.badInput, `--data-dir is required\n\n${statsUsage}`)
  const dataDir = resolve(values['data-dir'])
  await existingDataDir(dataDir)
  const first = checkedDay(values.from, '--from')
  const last = checkedDay(values.to, '--to')
  if (first !== undefined && last !== undefined && first > last) {
    throw new VigilError(
      ErrorCode.badInput,
      `--from ${first} is later than --to ${last}: give the earlier day with --from`
    )
  }
  const { from, to } = statsRange(first, last)
  const sources = await readStatsSources(dataDir, silentLogger)
  let report: StatsReport
  try {
    const team = values.team ?? onlyTeam(sources.teams, dataDir)
    if (!sources.teams.includes(team)) {
      throw new VigilError(
        ErrorCode.notFound,
        `no team "${team}" in ${dataDir}; teams there: ${sources.teams.join(', ') || 'none'}`
      )
    }
    report = teamStats(sources, { team, from, to })
  } finally {
    sources.close()
  }
  io.stdout.write(
    values.json
      ? `${JSON.stringify(forScripts(report, first, last))}\n`
      : describeStats(report, first !== undefined || last !== undefined)
  )
  return 0
}

/**
 * The report for `--json`: an end of the range nobody gave is null (not 1970 or the year 275760, the engine's open
 * bounds), and `period` says the days covered in words, as the text output does.
 */
function forScripts(report: StatsReport, first: string | undefined, last: string | undefined): object {
  return {
    ...report,
    from: first === undefined ? null : report.from,
    to: last === undefined ? null : report.to,
    period: statsPeriodDays(report)
  }
}

function onlyTeam(teams: readonly string[], dataDir: string): string {
  if (teams.length === 1) return teams[0]!
  throw new VigilError(
    ErrorCode.badInput,
    teams.length === 0
      ? `${dataDir} holds no suggestions and no knowledge yet`
      : `${dataDir} holds several teams (${teams.join(', ')}): choose one with --team`
  )
}

function checkedDay(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))) {
    throw new VigilError(ErrorCode.badInput, `${flag} must be a date like 2026-12-01`)
  }
  return value
}

const percentOrDash = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 100)}%`)

/** The report in sentences, as `vigil stats` prints it without --json. */
export function describeStats(report: StatsReport, fromOrTo: boolean): string {
  const r = report.reactions
  const kinds = Object.entries(report.suggestions.byKind)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind.replace('_', ' ')}`)
    .join(', ')
  const precision = Object.entries(report.precisionByKind)
    .map(
      ([kind, row]) =>
        `${kind.replace('_', ' ')} ${percentOrDash(row.precision)} (${row.confirmed} confirmed, ${row.refuted} resolved another way)`
    )
    .join(', ')
  const k = report.knowledge
  const o = report.outcomes
  const wake = report.modelCallsAvoided
  const useful = report.timeToUsefulCard
  return [
    `Team ${report.team}`,
    `Period: ${fromOrTo ? statsPeriodDays(report) : `${defaultStatsPeriod} (${statsPeriodDays(report)})`}`,
    `Suggestions: ${report.suggestions.total}${kinds ? ` (${kinds})` : ''}`,
    `Reactions (cards; each kind once per card): ${r.adopted} adopted, ${r.edited} edited, ${r.liked} liked, ${r.disliked} disliked, ${r.dismissed} dismissed, ${r.ignored} ignored (from sent replies: ${r.sent.adopted} adopted, ${r.sent.edited} edited, ${r.sent.ignored} ignored)`,
    `Outcome of the ${count(o.sendable, 'sendable card')} (each card's latest of adopt, edit, dismiss): adopted ${o.adopted} (${percentOrDash(report.rates.adoption)}), edited ${o.edited} (${percentOrDash(report.rates.edit)}), dismissed ${o.dismissed} (${percentOrDash(report.rates.dismiss)})`,
    `Precision at resolution: ${precision || 'no card was confirmed or refuted yet'}`,
    useful.medianSeconds === null
      ? 'Time to the first useful card: not measurable yet (no ticket had a card that was used or confirmed)'
      : `Time to the first useful card (from the customer's first message to the first card used or confirmed): median ${useful.medianSeconds < 1 ? 'under 1 s (a card on the very message)' : `${useful.medianSeconds} s`} over ${count(useful.tickets, 'ticket')}`,
    `Knowledge: ${k.entries} ${k.entries === 1 ? 'entry' : 'entries'} in use${k.drafts > 0 ? ` and ${k.drafts} ${k.drafts === 1 ? 'draft' : 'drafts'} not suggested until approved` : ''}; ${k.learned} learned, ${k.merged} merged, ${k.corrected} corrected, ${k.retired} retired (taken out of use by a person or by learning; rejected drafts not counted)`,
    `Knowledge gaps: ${report.gaps.open} open, ${report.gaps.closed} closed`,
    `Wake gate: ${wake.avoided} of ${count(wake.messages, 'message')} were judged to need no card, so no search or model call was made for them`,
    `Time saved (estimate): ${report.timeSaved.minutes} min = ${report.timeSaved.formula}`,
    ''
  ].join('\n')
}
