/** The CDP evaluation: Vigil, BM25 and Vigil-without-learning on the same cases in the same order. */
import { runBm25Baseline } from './bm25Baseline'
import { summarize, type CaseOutcome, type SystemMetrics } from './metrics'
import type { CdpCase, CdpDataSet } from './twitterCdp'
import { runVigil } from './vigilRun'

export interface CdpEvalResult extends SystemMetrics {
  /** Share of cases whose doc id occurred in an earlier case (by start time) of the same company: the ceiling. */
  oracleRate: number
  /** Stricter ceiling: the earlier case had also been resolved before this case's last turn. */
  reachableRate: number
  skipped: number
  suggestions: number
  blockSize: number
  baselines: { bm25: SystemMetrics; noLearning: SystemMetrics }
}

export async function evaluateCdp(
  data: CdpDataSet,
  options: { blockSize?: number; warm?: CdpDataSet } = {}
): Promise<CdpEvalResult> {
  const blockSize = options.blockSize ?? 50
  const cases = [...data.cases].sort(
    (a, b) => Date.parse(a.turns[0]!.time) - Date.parse(b.turns[0]!.time) || a.index - b.index
  )
  const warm = options.warm?.cases
  const vigil = await runVigil(cases, { learning: true, warm })
  const noLearning = await runVigil(cases, { learning: false, warm })
  const bm25 = runBm25Baseline(cases)
  const inOrder = (outcomes: Map<number, CaseOutcome>): CaseOutcome[] =>
    cases.map((item) => outcomes.get(item.index) ?? { shown: false, hit: false })
  return {
    ...summarize(inOrder(vigil.outcomes), blockSize),
    oracleRate: oracleRate(cases),
    reachableRate: reachableRate(cases),
    skipped: data.skipped.length,
    suggestions: vigil.suggestions,
    blockSize,
    baselines: {
      bm25: summarize(inOrder(bm25), blockSize),
      noLearning: summarize(inOrder(noLearning.outcomes), blockSize)
    }
  }
}

const key = (item: CdpCase): string => `${item.company}\u0000${item.docId}`
const share = (count: number, total: number): number =>
  Math.round((count / Math.max(1, total)) * 10_000) / 10_000

/** `cases` are in start-time order. */
function oracleRate(cases: readonly CdpCase[]): number {
  const seen = new Set<string>()
  let answerable = 0
  for (const item of cases) {
    if (seen.has(key(item))) answerable++
    seen.add(key(item))
  }
  return share(answerable, cases.length)
}

function reachableRate(cases: readonly CdpCase[]): number {
  const resolutions = new Map<string, Array<{ index: number; time: number }>>()
  for (const item of cases) {
    const list = resolutions.get(key(item)) ?? []
    list.push({ index: item.index, time: Date.parse(item.resolution.time) })
    resolutions.set(key(item), list)
  }
  const reachable = cases.filter((item) => {
    const lastTurn = Date.parse(item.turns.at(-1)!.time)
    return resolutions.get(key(item))!.some((other) => other.index !== item.index && other.time <= lastTurn)
  })
  return share(reachable.length, cases.length)
}
