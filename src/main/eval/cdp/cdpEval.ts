/**
 * The CDP evaluation: Vigil and the baselines on the same cases, in the same order, scored by the same rule
 * (`metrics.ts`). Baselines: BM25 top-1 and top-3 (MiniSearch), the company's most frequent articles so far
 * (prior, top-1 and top-3), and `verbatim`, Vigil's own pipeline over knowledge stored case by case as written.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { bm25Strategy } from './baselines/bm25Baseline'
import { priorStrategy } from './baselines/priorBaseline'
import { runBaseline } from './baselines/timeline'
import { precisionAtCoverage, precisionCoverageCurve, type CoveragePoint } from './coverage'
import { summarize, type CaseOutcome, type Scoring, type SystemMetrics } from './metrics'
import { oracleRate, reachableRate } from './oracle'
import type { CdpDataSet } from './twitterCdp'
import { runVigil, type VigilRun } from './vigilRun'

export interface BaselineMetrics extends SystemMetrics {
  /** How the baseline's hits are counted: its first source, or any of its three. */
  scoring: Scoring
  /** Precision when it speaks on as many cases as Vigil did, choosing its highest-scoring ones. */
  precisionAtVigilCoverage: number
  /** Threshold sweep, for the plot. */
  coverageCurve: CoveragePoint[]
}

/** The verbatim reference is scored like Vigil: primary citation, with the any-citation figures beside. */
export interface VerbatimMetrics extends BaselineMetrics {
  hitsAnyCitation: number
  hitRateAnyCitation: number
  precisionAnyCitation: number
}

export interface CdpEvalResult extends SystemMetrics {
  /** Hit rate and precision when any citation of a card counts (compare with the top-3 baselines). */
  hitsAnyCitation: number
  hitRateAnyCitation: number
  precisionAnyCitation: number
  coverageCurve: CoveragePoint[]
  coverageCurveAnyCitation: CoveragePoint[]
  /** Share of cases whose article occurred in an earlier case (by start time, or warm) of the same company. */
  oracleRate: number
  /** Stricter ceiling: the earlier case had also been resolved before this case's last turn. */
  reachableRate: number
  /** Records of the scored file skipped as unusable (see the loader), and of the warm file. */
  skipped: number
  warmCases: number
  warmSkipped: number
  suggestions: number
  blockSize: number
  baselines: Record<'bm25' | 'bm25Top3' | 'prior' | 'priorTop3', BaselineMetrics> & {
    verbatim: VerbatimMetrics
  }
  /** Vigil again in the same run with one part switched off, to show what that part adds. */
  ablations: { noWordingModel: AblationMetrics }
}

/** An ablated Vigil, scored both ways like Vigil itself. */
export interface AblationMetrics {
  shown: number
  hits: number
  hitRate: number
  precision: number
  hitRateAnyCitation: number
  precisionAnyCitation: number
}

export async function evaluateCdp(
  data: CdpDataSet,
  options: { blockSize?: number; warm?: CdpDataSet } = {}
): Promise<CdpEvalResult> {
  const blockSize = options.blockSize ?? 50
  const cases = [...data.cases].sort(
    (a, b) => Date.parse(a.turns[0]!.time) - Date.parse(b.turns[0]!.time) || a.index - b.index
  )
  const warm = options.warm?.cases ?? []
  const inOrder = (outcomes: Map<number, CaseOutcome>): CaseOutcome[] =>
    cases.map((item) => outcomes.get(item.index) ?? { cards: [] })
  const vigil = replayed(cases, await runVigil(cases, { learning: 'curated', warm }))
  const verbatim = replayed(cases, await runVigil(cases, { learning: 'verbatim', warm }))
  const noWordingModel = inOrder(
    replayed(cases, await runVigil(cases, { learning: 'curated', warm, wordingModel: false })).outcomes
  )
  const vigilOutcomes = inOrder(vigil.outcomes)
  const primary = summarize(vigilOutcomes, blockSize, 'primary')
  const any = summarize(vigilOutcomes, blockSize, 'any')
  const baseline = (outcomes: Map<number, CaseOutcome>, scoring: Scoring): BaselineMetrics => {
    const ordered = inOrder(outcomes)
    return {
      ...summarize(ordered, blockSize, scoring),
      scoring,
      precisionAtVigilCoverage: precisionAtCoverage(ordered, primary.shown, scoring),
      coverageCurve: precisionCoverageCurve(ordered, scoring)
    }
  }
  const bm25 = runBaseline(cases, warm, bm25Strategy())
  const prior = runBaseline(cases, warm, priorStrategy())
  const verbatimAny = summarize(inOrder(verbatim.outcomes), blockSize, 'any')
  return {
    ...primary,
    hitsAnyCitation: any.hits,
    hitRateAnyCitation: any.hitRate,
    precisionAnyCitation: any.precision,
    coverageCurve: precisionCoverageCurve(vigilOutcomes, 'primary'),
    coverageCurveAnyCitation: precisionCoverageCurve(vigilOutcomes, 'any'),
    oracleRate: oracleRate(cases, warm),
    reachableRate: reachableRate(cases, warm),
    skipped: data.skipped.length,
    warmCases: warm.length,
    warmSkipped: options.warm?.skipped.length ?? 0,
    suggestions: vigil.suggestions,
    blockSize,
    baselines: {
      bm25: baseline(bm25, 'primary'),
      bm25Top3: baseline(bm25, 'any'),
      prior: baseline(prior, 'primary'),
      priorTop3: baseline(prior, 'any'),
      verbatim: {
        ...baseline(verbatim.outcomes, 'primary'),
        hitsAnyCitation: verbatimAny.hits,
        hitRateAnyCitation: verbatimAny.hitRate,
        precisionAnyCitation: verbatimAny.precision
      }
    },
    ablations: { noWordingModel: ablation(noWordingModel, blockSize) }
  }
}

function ablation(outcomes: CaseOutcome[], blockSize: number): AblationMetrics {
  const primary = summarize(outcomes, blockSize, 'primary')
  const any = summarize(outcomes, blockSize, 'any')
  return {
    shown: primary.shown,
    hits: primary.hits,
    hitRate: primary.hitRate,
    precision: primary.precision,
    hitRateAnyCitation: any.hitRate,
    precisionAnyCitation: any.precision
  }
}

/** A run that did not process every scored case (a replay that skipped events) would make every figure wrong. */
function replayed(cases: readonly unknown[], run: VigilRun): VigilRun {
  if (run.replayed !== cases.length) {
    throw new VigilError(
      ErrorCode.internal,
      `the engine replayed ${run.replayed} of ${cases.length} cases; the figures would not be valid`
    )
  }
  return run
}
