/**
 * A model budget is made for every message: it aborts when its time runs out or the engine stops, and it leaves
 * nothing behind on the engine's life signal (AbortSignal.any kept an entry per budget there for good).
 */
import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
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

  describe('release', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('drops the timer and the place on the life signal at once, so finished work holds nothing', () => {
      vi.useFakeTimers()
      const life = new AbortController()
      const budgets = Array.from({ length: 1_000 }, () => modelBudget(20, life.signal))
      expect(vi.getTimerCount()).toBe(1_000)
      for (const budget of budgets) budget.release()
      // A budget left to run out keeps its timer (and through it its controller and signal) for the whole 20 s.
      expect(vi.getTimerCount()).toBe(0)
      // Released budgets are not aborted with the engine: nothing under them is running any more.
      life.abort()
      expect(budgets.some((budget) => budget.signal.aborted)).toBe(false)
    })

    it('keeps what the work found out: expired stays true, and a late release is harmless', () => {
      vi.useFakeTimers()
      const life = new AbortController()
      const budget = modelBudget(1, life.signal)
      vi.advanceTimersByTime(1_000)
      expect(budget.expired()).toBe(true)
      budget.release()
      budget.release()
      expect(budget.expired()).toBe(true)
      const stopped = new AbortController()
      stopped.abort()
      expect(() => modelBudget(1, stopped.signal).release()).not.toThrow()
    })

    it('a budget still in use is aborted when the engine stops, a released one beside it is not', () => {
      const life = new AbortController()
      const done = modelBudget(60, life.signal)
      const working = modelBudget(60, life.signal)
      done.release()
      life.abort()
      expect(working.signal.aborted).toBe(true)
      expect(done.signal.aborted).toBe(false)
      working.release()
    })
  })
})
