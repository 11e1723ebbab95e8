/**
 * The soak bench counts every message announced once (a byte per message of the plan, not a map of ids), samples
 * memory at every twentieth of the events (plain and compacted, with what the engine held then), and judges the
 * second half on the highest sample after the middle.
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
    // The compacted readings: the same choice of samples, and never more JS heap reserved than the plain reading.
    expect(result.rssCompactedMaxSecondHalfMb).toBe(Math.max(...after.map((sample) => sample.compactedRssMb)))
    expect(result.rssCompactedMiddleMb).toBeGreaterThan(0)
    for (const sample of result.timeline)
      expect(sample.compactedHeapTotalMb).toBeLessThanOrEqual(sample.heapTotalMb + 1)
    // What the engine held at each sample: tickets came into memory, knowledge was learned.
    expect(Math.max(...result.timeline.map((sample) => sample.ticketsInMemory))).toBeGreaterThan(0)
    expect(result.timeline.at(-1)!.knowledgeEntries).toBe(result.knowledgeEntries)
    expect(result.timeline.some((sample) => sample.events === Math.ceil(result.events / 2))).toBe(true)
    expect(result.reopenCpuMs).toBeGreaterThan(0)
  }, 120_000)
})
