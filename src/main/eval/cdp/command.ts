/** `vigil eval cdp`: the Twitter customer-care evaluation. */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { CommandIo } from '../../cli/io'
import { evaluateCdp, type CdpEvalResult } from './cdpEval'
import { learningCurveSvg } from './learningCurve'
import { loadCdpFile } from './twitterCdp'

export const cdpUsage = `Usage: vigil eval cdp --data FILE [--warm FILE] [--json] [--plot OUT.svg] [--block N]
  --data   conversations in the Twitter CDP format (e.g. ../shared/data/twitter-cdp/dev.json)
  --warm   another file of the same format replayed first (learning on, not scored)
  --json   print one JSON object
  --plot   write the learning curve (hit rate per block of cases) as SVG
  --block  cases per block of the curve (default 50)
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
    const svg = learningCurveSvg(
      `Proactive hit rate per ${blockSize} cases (${values.data.split('/').at(-1)})`,
      [
        { name: 'Vigil', color: '#2563eb', values: result.curve },
        { name: 'BM25 top-1', color: '#d97706', values: result.baselines.bm25.curve },
        { name: 'Vigil, no learning', color: '#6b7280', values: result.baselines.noLearning.curve }
      ],
      blockSize
    )
    await writeFile(resolve(values.plot), svg)
  }
  io.stdout.write(values.json ? `${JSON.stringify({ ...result, seconds })}\n` : table(result, seconds))
  return 0
}

function table(result: CdpEvalResult, seconds: number): string {
  const row = (
    name: string,
    m: { shown: number; hits: number; hitRate: number; precision: number }
  ): string =>
    `${name.padEnd(20)} ${String(m.shown).padStart(6)} ${String(m.hits).padStart(6)} ${m.hitRate.toFixed(3).padStart(8)} ${m.precision.toFixed(3).padStart(10)}`
  return [
    `${result.cases} cases (${result.skipped} skipped), oracle ${result.oracleRate.toFixed(3)}, reachable ${result.reachableRate.toFixed(3)}, ${seconds} s`,
    `${'system'.padEnd(20)} ${'shown'.padStart(6)} ${'hits'.padStart(6)} ${'hitRate'.padStart(8)} ${'precision'.padStart(10)}`,
    row('Vigil', result),
    row('BM25 top-1', result.baselines.bm25),
    row('Vigil, no learning', result.baselines.noLearning),
    ''
  ].join('\n')
}
