/**
 * How every system in the CDP evaluation is scored, Vigil and the baselines alike.
 *
 * A system shows cards on a case before the agent's resolving reply (Vigil: knowledge suggestions, one per waking
 * customer message at most; a baseline: one card per customer message). Each card names its sources in rank order.
 * - **Primary scoring** (the headline `hitRate`/`precision`): a case is a hit when ANY card shown on it before the
 *   resolving reply has a correct *primary* source (its first citation, what the analyst reads first) or links the
 *   case's article in its text.
 * - **Any-citation scoring** (`hitRateAnyCitation`/`precisionAnyCitation`, and the top-3 baselines): a case is a hit
 *   when any source of any card shown on it is correct.
 * - `hitRate` = hit cases / all cases; `precision` = hit cases / cases with at least one card.
 * - Each card carries a score (Vigil: its confidence; BM25: the top result's score; prior: the article's share), so
 *   a system can be made quieter by a threshold: at threshold t only cards scoring ≥ t count. The precision/coverage
 *   sweep and `precisionAtCoverage` use exactly this.
 */

/** One card a system showed on a case. */
export interface ShownCard {
  /** The system's own confidence in the card; higher is surer. Only compared within one system. */
  score: number
  /** Its first (primary) source is right, or its text links the case's article. */
  primaryHit: boolean
  /** Any of its sources is right, or its text links the case's article. */
  anyHit: boolean
}

export interface CaseOutcome {
  /** The cards shown before the resolving reply, in the order shown. */
  cards: ShownCard[]
}

export type Scoring = 'primary' | 'any'

export interface SystemMetrics {
  cases: number
  /** Cases with at least one card. */
  shown: number
  /** Cases that are hits under the system's scoring. */
  hits: number
  hitRate: number
  precision: number
  /** Hit rate per consecutive block of cases (time order): how the system does as it learns. */
  curve: number[]
}

export const round = (value: number): number => Math.round(value * 10_000) / 10_000

const cardHits = (card: ShownCard, scoring: Scoring): boolean =>
  scoring === 'primary' ? card.primaryHit : card.anyHit

/** Whether the case is a hit counting only cards that score at least `threshold`. */
export function isHit(outcome: CaseOutcome, scoring: Scoring, threshold = -Infinity): boolean {
  return outcome.cards.some((card) => card.score >= threshold && cardHits(card, scoring))
}

/** The best score among the case's cards: the lowest threshold at which the case would stay quiet. */
export function caseScore(outcome: CaseOutcome): number {
  return Math.max(-Infinity, ...outcome.cards.map((card) => card.score))
}

export function summarize(
  outcomes: readonly CaseOutcome[],
  blockSize: number,
  scoring: Scoring = 'primary'
): SystemMetrics {
  const shown = outcomes.filter((outcome) => outcome.cards.length > 0).length
  const hitFlags = outcomes.map((outcome) => isHit(outcome, scoring))
  const hits = hitFlags.filter(Boolean).length
  const curve: number[] = []
  for (let start = 0; start < hitFlags.length; start += blockSize) {
    const block = hitFlags.slice(start, start + blockSize)
    curve.push(round(block.filter(Boolean).length / block.length))
  }
  return {
    cases: outcomes.length,
    shown,
    hits,
    hitRate: round(outcomes.length ? hits / outcomes.length : 0),
    precision: round(shown ? hits / shown : 0),
    curve
  }
}
