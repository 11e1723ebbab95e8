/**
 * The archives' index (storage/archiveIndex.ts) is kept for every ticket ever retired, so its memory per ticket is
 * bounded: a year of a busy team must not add megabytes per thousand tickets.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ArchiveIndex } from '../../../src/main/engine/storage/archiveIndex'

function collect(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

describe('archive index', () => {
  it('keeps ranges in the order archived, and an unranged batch makes the whole archive read', () => {
    const index = new ArchiveIndex()
    index.note('T-1', 0, 100)
    index.note('T-2', 100, 50)
    index.note('T-1', 150, 30)
    expect(index.ranges('T-1')).toEqual([
      { start: 0, bytes: 100 },
      { start: 150, bytes: 30 }
    ])
    expect(index.ranges('T-2')).toEqual([{ start: 100, bytes: 50 }])
    expect(index.ranges('T-3')).toBeUndefined()
    index.note('T-2', undefined, undefined)
    index.note('T-2', 400, 10)
    expect(index.ranges('T-2')).toBeNull()
    index.note('T-4', undefined, undefined)
    expect(index.ranges('T-4')).toBeNull()
    expect(index.size).toBe(3)
    expect(index.has('T-4')).toBe(true)
  })

  it('holds under 60 bytes per archived ticket besides its id', () => {
    const tickets = 100_000
    // The ids as the engine's records carry them: built strings, one per ticket.
    const ids = Array.from({ length: tickets }, (_, n) => `soak:SOAK-${10_001 + n}`)
    collect()
    const before = process.memoryUsage().heapUsed
    const index = new ArchiveIndex()
    let at = 0
    for (const id of ids) {
      index.note(id, at, 2_000 + (at % 977))
      at += 3_000
    }
    collect()
    const perTicket = (process.memoryUsage().heapUsed - before) / tickets
    expect(index.size).toBe(tickets)
    expect(index.ranges(ids[tickets - 1]!)).toEqual([
      { start: at - 3_000, bytes: 2_000 + ((at - 3_000) % 977) }
    ])
    // The ids themselves are not counted (they were made before); a Map of range arrays took about 150 bytes more.
    expect(perTicket).toBeLessThan(60)
  })
})
