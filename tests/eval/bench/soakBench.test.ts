/**
 * The soak bench counts every message announced once (a byte per message of the plan, not a map of ids), samples
 * memory at every twentieth of the events, and judges the second half on the highest sample after the middle.
 */
import { describe, expect, it } from 'vitest'
import { runSoak } from '../../../src/main/eval/bench/soakBench'
import { resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('soak bench', () => {
  it('plays a small plan with nothing lost or repeated and reports the peak after the middle', async () => {
    const result = await runSoak({ tickets: 12, messages: 3, dataDir: await tempDir(), resourcesDir })
    expect(result.messages).toBeGreaterThanOrEqual(36)
    expect(result.eventsLost).toBe(0)
    expect(result.eventsRepeated).toBe(0)
    expect(result.timeline.length).toBeGreaterThanOrEqual(15)
    const after = result.timeline.filter((sample) => sample.events >= result.events / 2)
    expect(result.rssMaxSecondHalfMb).toBe(Math.max(result.rssEndMb, ...after.map((sample) => sample.rssMb)))
    expect(result.rssMaxGrowthSecondHalf).toBeGreaterThanOrEqual(result.rssGrowthSecondHalf)
    expect(Object.keys(result.timeline[0]!.spacesMb)).toContain('old')
  }, 120_000)
})
