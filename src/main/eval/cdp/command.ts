/** `vigil eval cdp`: the Twitter customer-care evaluation. */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { CommandIo } from '../../cli/io'
import { evaluateCdp, type CdpEvalResult } from './cdpEval'
import { coverageChartSvg, stackSvgs } from './coverageChart'
import { learningCurveSvg } from './learningCurve'
import { loadCdpFile } from './twitterCdp'

export const cdpUsage = `Usage: vigil eval cdp --data FILE [--warm FILE] [--json] [--plot OUT.svg] [--block N]
  --data   conversations in the Twitter CDP format (e.g. ../shared/data/twitter-cdp/dev.json)
  --warm   another file of the same format learned first, not scored: earlier than every scored case for
           Vigil, every baseline and the oracle
  --json   print one JSON object
  --plot   write an SVG: the learning curve (hit rate per block of cases) and precision against coverage
  --block  cases per block of the curve (default 50)
  Scored on each card's primary (first) citation; any-citation figures beside. Baselines: BM25 and prior
  (top-1 and top-3), verbatim learning; each also at Vigil's coverage. See the README's results notes.
`

export async function runCdpEval(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        data: { type: 'string' },
        warm: { type: 'string' },
        json: { type: 'boolean', default: false },
        plot: { type: 'string' },
        block: { type: 'string', default: '50' }
      }
    }))
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${(error as Error).message}\n${cdpUsage}`)
  }
  if (!values.data) throw new VigilError(ErrorCode.badInput, `--data FILE is required\n${cdpUsage}`)
  const blockSize = Number(values.block)
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new VigilError(ErrorCode.badInput, `--block must be a positive whole number, not "${values.block}"`)
  }
  const started = performance.now()
  const data = await loadCdpFile(resolve(values.data))
  const warm = values.warm ? await loadCdpFile(resolve(values.warm)) : undefined
  const result = await evaluateCdp(data, { blockSize, warm })
  const seconds = Math.round((performance.now() - started) / 100) / 10
  if (values.plot) {
    await writeFile(resolve(values.plot), plotSvg(result, values.data.split('/').at(-1) ?? values.data))
  }
  // Partial records are never dropped silently: each is named here, and counted in the figures.
  for (const [name, set] of [
    [values.data, data],
    [values.warm, warm]
  ] as const) {
    for (const record of set?.skipped ?? []) {
      io.stderr.write(`${name!.split('/').at(-1)} record ${record.index} skipped: ${record.reason}\n`)
    }
  }
  io.stdout.write(values.json ? `${JSON.stringify({ ...result, seconds })}\n` : table(result, seconds))
  return 0
}

function table(result: CdpEvalResult, seconds: number): string {
  const cell = (value: number | string, width: number): string =>
    (typeof value === 'number' ? value.toFixed(3) : value).padStart(width)
  const row = (
    name: string,
    m: { shown: number; hits: number; hitRate: number; precision: number },
    atVigilCoverage: number | string
  ): string =>
    `${name.padEnd(26)} ${String(m.shown).padStart(6)} ${String(m.hits).padStart(6)} ${cell(m.hitRate, 8)} ${cell(m.precision, 10)} ${cell(atVigilCoverage, 14)}`
  const { baselines } = result
  const anyCitation = {
    shown: result.shown,
    hits: result.hitsAnyCitation,
    hitRate: result.hitRateAnyCitation,
    precision: result.precisionAnyCitation
  }
  return [
    `${result.cases} cases (${result.skipped} skipped), ${result.warmCases} warm (${result.warmSkipped} skipped), oracle ${result.oracleRate.toFixed(3)}, reachable ${result.reachableRate.toFixed(3)}, ${seconds} s`,
    `${'system'.padEnd(26)} ${'shown'.padStart(6)} ${'hits'.padStart(6)} ${'hitRate'.padStart(8)} ${'precision'.padStart(10)} ${'at Vigil cov.'.padStart(14)}`,
    row('Vigil (primary citation)', result, '-'),
    row('Vigil (any citation)', anyCitation, '-'),
    row('Vigil, no wording model', result.ablations.noWordingModel, '-'),
    row('BM25 top-1', baselines.bm25, baselines.bm25.precisionAtVigilCoverage),
    row('BM25 top-3 (any)', baselines.bm25Top3, baselines.bm25Top3.precisionAtVigilCoverage),
    row('prior top-1', baselines.prior, baselines.prior.precisionAtVigilCoverage),
    row('prior top-3 (any)', baselines.priorTop3, baselines.priorTop3.precisionAtVigilCoverage),
    row('verbatim (primary)', baselines.verbatim, baselines.verbatim.precisionAtVigilCoverage),
    row(
      'verbatim (any citation)',
      {
        shown: baselines.verbatim.shown,
        hits: baselines.verbatim.hitsAnyCitation,
        hitRate: baselines.verbatim.hitRateAnyCitation,
        precision: baselines.verbatim.precisionAnyCitation
      },
      '-'
    ),
    ''
  ].join('\n')
}

/** The learning curve (hit rate per block) above the precision/coverage sweep, in one SVG. */
function plotSvg(result: CdpEvalResult, name: string): string {
  const { baselines } = result
  const curve = learningCurveSvg(
    `Proactive hit rate per ${result.blockSize} cases, primary citation (${name})`,
    [
      { name: 'Vigil', color: '#2563eb', values: result.curve },
      { name: 'BM25 top-1', color: '#d97706', values: baselines.bm25.curve },
      { name: 'prior top-1', color: '#6b7280', values: baselines.prior.curve },
      { name: 'verbatim learning', color: '#16a34a', values: baselines.verbatim.curve }
    ],
    result.blockSize
  )
  const coverage = coverageChartSvg(`Precision against coverage, threshold sweep (${name})`, [
    { name: 'Vigil', color: '#2563eb', points: result.coverageCurve },
    { name: 'Vigil, any citation', color: '#2563eb', dashed: true, points: result.coverageCurveAnyCitation },
    { name: 'BM25 top-1', color: '#d97706', points: baselines.bm25.coverageCurve },
    { name: 'BM25 top-3 (any)', color: '#d97706', dashed: true, points: baselines.bm25Top3.coverageCurve },
    { name: 'prior top-1', color: '#6b7280', points: baselines.prior.coverageCurve },
    { name: 'prior top-3 (any)', color: '#6b7280', dashed: true, points: baselines.priorTop3.coverageCurve },
    { name: 'verbatim learning', color: '#16a34a', points: baselines.verbatim.coverageCurve }
  ])
  return stackSvgs([curve, coverage])
}
