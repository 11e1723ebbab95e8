/**
 * Precision at a given coverage, and the precision/coverage curve: comparing systems that speak on different
 * numbers of cases. A system made quieter raises its threshold, so it keeps the cases where its best card scores
 * highest (see `metrics.ts` for the scoring rule).
 */
import { caseScore, isHit, round, type CaseOutcome, type Scoring } from './metrics'

/**
 * Precision when the system speaks on only `coverage` cases, those where its best card scores highest (ties keep
 * time order), counting on each only the cards at or above the lowest kept score. Uses every case it spoke on when
 * it spoke on fewer; 0 when it spoke on none.
 */
export function precisionAtCoverage(
  outcomes: readonly CaseOutcome[],
  coverage: number,
  scoring: Scoring
): number {
  const kept = rankedCases(outcomes).slice(0, Math.max(0, coverage))
  return precisionOf(kept, scoring)
}

export interface CoveragePoint {
  /** Share of all cases the system speaks on, 0..1. */
  coverage: number
  precision: number
}

/**
 * The threshold sweep: coverage and precision at thresholds from the highest case score down, cut only between
 * different scores, at most about `points` points (the widest coverage always included).
 */
export function precisionCoverageCurve(
  outcomes: readonly CaseOutcome[],
  scoring: Scoring,
  points = 40
): CoveragePoint[] {
  const ranked = rankedCases(outcomes)
  const step = Math.max(1, Math.floor(ranked.length / points))
  const curve: CoveragePoint[] = []
  let sinceLast = step
  ranked.forEach((item, position) => {
    sinceLast++
    const last = position === ranked.length - 1
    if (!last && ranked[position + 1]!.score === item.score) return
    if (!last && sinceLast < step) return
    sinceLast = 0
    const kept = ranked.slice(0, position + 1)
    curve.push({ coverage: round(kept.length / outcomes.length), precision: precisionOf(kept, scoring) })
  })
  return curve
}

type Ranked = { outcome: CaseOutcome; score: number }

function precisionOf(kept: readonly Ranked[], scoring: Scoring): number {
  if (kept.length === 0) return 0
  const threshold = kept.at(-1)!.score
  return round(kept.filter((item) => isHit(item.outcome, scoring, threshold)).length / kept.length)
}

/** The cases the system spoke on, surest first. */
function rankedCases(outcomes: readonly CaseOutcome[]): Ranked[] {
  return outcomes
    .map((outcome, order) => ({ outcome, order, score: caseScore(outcome) }))
    .filter((item) => item.outcome.cards.length > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
}
