/**
 * Every message and every resolution gets a model budget; the engine gives each back when its work is done, so a
 * busy engine does not hold a timer, a controller and a signal per message for the 20 s (120 s for learning) its
 * budget would take to run out (about 3,500 at once in a soak at 40-80 messages/s).
 */
import { describe, expect, it, vi } from 'vitest'
import type { ModelBudget } from '../../../src/main/engine/scheduling/modelBudget'
import { runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const budgets = vi.hoisted(() => ({ made: [] as { seconds: number; released: boolean }[] }))

vi.mock('../../../src/main/engine/scheduling/modelBudget', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/engine/scheduling/modelBudget')>()
  return {
    ...actual,
    modelBudget: (seconds: number, life: AbortSignal): ModelBudget => {
      const budget = actual.modelBudget(seconds, life)
      const made = { seconds, released: false }
      budgets.made.push(made)
      return {
        seconds: budget.seconds,
        signal: budget.signal,
        expired: () => budget.expired(),
        release: () => {
          made.released = true
          budget.release()
        }
      }
    }
  }
})

const tempDir = useTempDirs()

describe('model budgets in the running engine', () => {
  it('releases the budget of every message and every resolution once its work is done', async () => {
    const { engine, activity } = await runToEnd(await tempDir())
    await engine.stop()
    const learnedFrom = new Set(
      activity.flatMap((item) => ('entry' in item && 'ticketId' in item ? [item.ticketId] : []))
    ).size
    expect(learnedFrom).toBeGreaterThan(0)
    // Message budgets (the pipeline's 20 s) and learning budgets (120 s) were both made...
    expect(budgets.made.filter((budget) => budget.seconds === 20).length).toBeGreaterThan(50)
    expect(budgets.made.filter((budget) => budget.seconds === 120).length).toBeGreaterThanOrEqual(learnedFrom)
    // ...and none was left to run out.
    expect(budgets.made.filter((budget) => !budget.released)).toEqual([])
  })
})
