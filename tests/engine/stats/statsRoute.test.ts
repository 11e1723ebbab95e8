import { describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/index'
import type { StatsReport } from '../../../src/shared/stats'
import { call, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const quiet = { stdout: { write: () => true }, stderr: { write: () => true } }

describe('stats.get on a running engine', () => {
  const tempDir = useTempDirs()

  it('gives the figures vigil stats reads from the same data folder once the engine stopped', async () => {
    const dataDir = await tempDir()
    const { engine } = await runToEnd(dataDir)
    const live = await call<StatsReport>(engine, 'stats.get', {})
    const longAgo = await call<StatsReport>(engine, 'stats.get', { from: '1999-01-01', to: '1999-01-07' })
    // The last days up to the engine's clock: the demo's recorded days, not the wall clock's.
    const lastDays = await call<StatsReport>(engine, 'stats.get', { days: 30 })
    await engine.stop()

    const out: string[] = []
    const io = { ...quiet, stdout: { write: (text: string) => out.push(text) } }
    expect(await main(['stats', '--data-dir', dataDir, '--json'], io)).toBe(0)
    const fromDisk = JSON.parse(out.join('')) as StatsReport

    expect(live.suggestions.total).toBeGreaterThan(10)
    expect(live.suggestions).toEqual(fromDisk.suggestions)
    expect(live.reactions).toEqual(fromDisk.reactions)
    expect(live.precisionByKind).toEqual(fromDisk.precisionByKind)
    expect(live.knowledge).toEqual(fromDisk.knowledge)
    expect(live.modelCallsAvoided).toEqual(fromDisk.modelCallsAvoided)
    expect(longAgo.suggestions.total).toBe(0)
    expect(lastDays.suggestions.total).toBe(live.suggestions.total)
    expect((await engine.call('stats.get', { from: 'last week' })).ok).toBe(false)
  })
})
