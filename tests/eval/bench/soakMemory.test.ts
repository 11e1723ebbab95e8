/**
 * The soak bench reads memory twice at each moment: after plain full collections (which move at most a few MB out of
 * partly used pages) and after one that compacts the whole heap, so the figure can tell what the engine holds from
 * the pages V8 keeps reserved for the moment.
 */
import { describe, expect, it } from 'vitest'
import { memoryMeter } from '../../../src/main/eval/bench/soakMemory'

describe('soak memory readings', () => {
  it('compacts partly used pages in the second reading, and only there', async () => {
    // About 100 MB of small objects of which one in three stays: about 30 MB in use on old space pages two-thirds
    // empty, more than a plain collection moves (at most about 4 MB of objects each).
    let all: { at: number; text: string; pair: number[] }[] = []
    for (let i = 0; i < 600_000; i++) all.push({ at: i, text: `x${i}`, pair: [i, i] })
    const kept = all.filter((_, index) => index % 3 === 0)
    all = []
    const reading = await memoryMeter()()
    const plainMb = reading.usage.heapTotal / 1024 / 1024
    const compactedMb = reading.compacted.heapTotal / 1024 / 1024
    expect(kept).toHaveLength(200_000)
    expect(reading.spacesMb.old![0]).toBeGreaterThanOrEqual(reading.spacesMb.old![1])
    // Compacted, the reserve is about what is in use: tens of MB less than the plain reading keeps.
    expect(plainMb - compactedMb).toBeGreaterThan(25)
    expect(reading.compacted.heapUsed).toBeLessThanOrEqual(reading.usage.heapUsed + 1024 * 1024)
  }, 60_000)
})
