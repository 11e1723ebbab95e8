/**
 * A model budget is made for every message: it aborts when its time runs out or the engine stops, and it leaves
 * nothing behind on the engine's life signal (AbortSignal.any kept an entry per budget there for good).
 */
import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { modelBudget } from '../../../src/main/engine/scheduling/modelBudget'

/** What the life signal holds for signals made from it: its listeners and Node's set of dependant signals. */
function heldBy(life: AbortSignal): number {
  const dependants = Object.getOwnPropertySymbols(life)
    .filter((symbol) => symbol.description === 'kDependantSignals')
    .map((symbol) => (life as unknown as Record<symbol, Set<unknown> | undefined>)[symbol]?.size ?? 0)
  return getEventListeners(life, 'abort').length + dependants.reduce((sum, size) => sum + size, 0)
}

describe('modelBudget', () => {
  it('aborts when the engine stops, without counting as expired', () => {
    const life = new AbortController()
    const budget = modelBudget(60, life.signal)
    expect(budget.signal.aborted).toBe(false)
    life.abort()
    expect(budget.signal.aborted).toBe(true)
    expect(budget.expired()).toBe(false)
    const late = modelBudget(60, life.signal)
    expect(late.signal.aborted).toBe(true)
  })

  it('aborts and says expired when its time runs out', async () => {
    const life = new AbortController()
    const budget = modelBudget(0.05, life.signal)
    await new Promise((resolve) => budget.signal.addEventListener('abort', resolve, { once: true }))
    expect(budget.expired()).toBe(true)
    expect((budget.signal.reason as Error).name).toBe('TimeoutError')
  })

  it('leaves the life signal holding one listener however many budgets were made', () => {
    const life = new AbortController()
    for (let i = 0; i < 2_000; i++) void modelBudget(0.001, life.signal).signal.aborted
    expect(heldBy(life.signal)).toBeLessThanOrEqual(1)
  })
})
