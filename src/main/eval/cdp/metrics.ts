/** Hit rate, precision and the learning curve of one system over the cases, in time order. */

export interface CaseOutcome {
  shown: boolean
  hit: boolean
}

export interface SystemMetrics {
  cases: number
  shown: number
  hits: number
  hitRate: number
  precision: number
  /** Hit rate per consecutive block of cases (time order): how the system does as it learns. */
  curve: number[]
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000

export function summarize(outcomes: readonly CaseOutcome[], blockSize: number): SystemMetrics {
  const shown = outcomes.filter((outcome) => outcome.shown).length
  const hits = outcomes.filter((outcome) => outcome.hit).length
  const curve: number[] = []
  for (let start = 0; start < outcomes.length; start += blockSize) {
    const block = outcomes.slice(start, start + blockSize)
    curve.push(round(block.filter((outcome) => outcome.hit).length / block.length))
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
