import { describe, expect, it } from 'vitest'
import { precisionAtCoverage, precisionCoverageCurve } from '../../../src/main/eval/cdp/coverage'
import { summarize, type CaseOutcome } from '../../../src/main/eval/cdp/metrics'

const card = (score: number, primaryHit: boolean, anyHit = primaryHit) => ({ score, primaryHit, anyHit })

describe('CDP scoring', () => {
  const outcomes: CaseOutcome[] = [
    { cards: [card(0.9, true)] },
    // Primary source wrong, a later citation right: a hit only under any-citation scoring.
    { cards: [card(0.8, false, true)] },
    { cards: [] },
    // Several cards on one case: a hit when any of them is right.
    { cards: [card(0.3, false), card(0.4, true)] }
  ]

  it('counts a case as a hit when any card shown on it has a right primary citation', () => {
    expect(summarize(outcomes, 2, 'primary')).toEqual({
      cases: 4,
      shown: 3,
      hits: 2,
      hitRate: 0.5,
      precision: 0.6667,
      curve: [0.5, 0.5]
    })
  })

  it('counts any citation under any-citation scoring', () => {
    expect(summarize(outcomes, 4, 'any')).toMatchObject({ shown: 3, hits: 3, hitRate: 0.75, precision: 1 })
  })
})

describe('precision at coverage', () => {
  const outcomes: CaseOutcome[] = [
    { cards: [card(0.2, true)] },
    { cards: [card(0.9, false)] },
    { cards: [card(0.5, true)] },
    { cards: [] },
    { cards: [card(0.7, true)] }
  ]

  it('keeps the highest-scoring cases', () => {
    expect(precisionAtCoverage(outcomes, 1, 'primary')).toBe(0)
    expect(precisionAtCoverage(outcomes, 2, 'primary')).toBe(0.5)
    expect(precisionAtCoverage(outcomes, 3, 'primary')).toBe(0.6667)
    // Asked for more cases than it spoke on: all of them.
    expect(precisionAtCoverage(outcomes, 10, 'primary')).toBe(0.75)
    expect(precisionAtCoverage(outcomes, 0, 'primary')).toBe(0)
  })

  it('counts only the cards at or above the threshold on a case with several', () => {
    const mixed: CaseOutcome[] = [
      { cards: [card(0.9, true)] },
      // Its best card (0.8) is wrong; the right one scores 0.1, below the threshold of the two surest cases.
      { cards: [card(0.8, false), card(0.1, true)] },
      { cards: [card(0.1, false)] }
    ]
    expect(precisionAtCoverage(mixed, 2, 'primary')).toBe(0.5)
    expect(precisionAtCoverage(mixed, 3, 'primary')).toBe(0.6667)
  })

  it('sweeps the threshold from the surest case down', () => {
    expect(precisionCoverageCurve(outcomes, 'primary')).toEqual([
      { coverage: 0.2, precision: 0 },
      { coverage: 0.4, precision: 0.5 },
      { coverage: 0.6, precision: 0.6667 },
      { coverage: 0.8, precision: 0.75 }
    ])
  })

  it('never cuts between cases of equal score', () => {
    const tied: CaseOutcome[] = [{ cards: [card(0.5, true)] }, { cards: [card(0.5, false)] }]
    expect(precisionCoverageCurve(tied, 'primary')).toEqual([{ coverage: 1, precision: 0.5 }])
  })
})
