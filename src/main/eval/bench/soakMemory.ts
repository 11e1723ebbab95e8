/**
 * How the soak bench reads the process's memory at a moment: after full collections and a settle (V8 sweeps and gives
 * empty pages back in the background; a reading taken at once counted pages about to be freed, swinging by up to
 * 90 MB), with each V8 space's reserve and use and glibc's main heap, then once more after a collection that
 * compacts every page of the heap.
 *
 * The second reading is there because a plain full collection moves at most a few MB of objects out of partly used
 * pages: the pages V8 keeps reserved at a given moment swing by 10-25 MB between two readings a few seconds apart while
 * the heap in use stays within 1 MB (2026-12-03, 3,000 tickets). Compacted, the reserve is what the objects in use
 * need, which is what V8's memory reducer brings an idle process back to; memory outside the JS heap (native
 * allocations, Buffers, the worker thread, code) is counted the same in both readings.
 */
import { readFileSync } from 'node:fs'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** One reading of the process's memory. */
export interface MemoryReading {
  usage: NodeJS.MemoryUsage
  /** Resident MB of the process's `[heap]` mapping (glibc's main arena); null where /proc is absent. */
  nativeHeapMb: number | null
  /** Each V8 heap space's [reserved, in use] in MB. */
  spacesMb: Record<string, [number, number]>
  /** The same process after a collection that compacts every page (see above). */
  compacted: NodeJS.MemoryUsage
}

/** How long each reading waits after a full collection for V8's background sweeping to finish. */
const SETTLE_MS = 250

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10

/** V8's heap spaces, [reserved, in use] in MB (new space, old space, large objects, code...). */
function heapSpaces(): Record<string, [number, number]> {
  const spaces: Record<string, [number, number]> = {}
  for (const space of getHeapSpaceStatistics())
    spaces[space.space_name.replace(/_space$/, '')] = [mb(space.space_size), mb(space.space_used_size)]
  return spaces
}

/** The resident size of the `[heap]` mapping, from /proc/self/smaps (Linux only). */
function nativeHeapMb(): number | null {
  try {
    const smaps = readFileSync('/proc/self/smaps', 'utf8')
    const at = smaps.search(/ \[heap\]\n/)
    if (at === -1) return 0
    const rss = /\nRss:\s+(\d+) kB/.exec(smaps.slice(at))
    return rss ? Math.round((Number(rss[1]) / 1024) * 10) / 10 : null
  } catch {
    return null
  }
}

/** The V8 collector, so memory is read after garbage is gone (null if the flag cannot be set). */
function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return null
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS))

/** Reads memory as described above; without a collector (flag refused) both readings are plain ones. */
export function memoryMeter(): () => Promise<MemoryReading> {
  const gc = collector()
  return async () => {
    gc?.()
    await settle()
    gc?.()
    await settle()
    const usage = process.memoryUsage()
    const reading = { usage, nativeHeapMb: nativeHeapMb(), spacesMb: heapSpaces() }
    if (gc) {
      // Every page an evacuation candidate for this one collection, then V8's own heuristics again.
      setFlagsFromString('--compact-on-every-full-gc')
      try {
        gc()
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc')
      }
      await settle()
    }
    return { ...reading, compacted: gc ? process.memoryUsage() : usage }
  }
}
