/** Shared pieces of the `vigil bench knowledge` phases: options, timing and memory figures. */
import { performance } from 'node:perf_hooks'
import type { KnowledgeCorpus } from './knowledgeCorpus'

export const benchTeam = 'bench-team'
/** Full-text candidates per search: what retrieval asks for (Retriever's default). */
export const searchLimit = 100

export interface PhaseOptions {
  dir: string
  entries: number
  dims: number
  queries: number
}

export type PhaseResult = Record<string, number | string | null>

/** The queries to run: real messages no entry was built from, cycled when fewer than asked. */
export function queriesFor(corpus: KnowledgeCorpus, options: PhaseOptions): string[] {
  return range(options.queries).map((i) => corpus.queries[(i * 7919) % corpus.queries.length]!)
}

/** Runs `task` for each item in turn, timing each. */
export async function timeEach<T>(
  items: T[],
  task: (item: T) => Promise<number>
): Promise<{ ms: number[]; cpuMs: number[]; meanResult: number }> {
  const ms: number[] = []
  // The process's CPU time per item as well: on a shared, loaded machine wall time mostly measures waiting.
  const cpuMs: number[] = []
  let total = 0
  for (const item of items) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    total += await task(item)
    ms.push(performance.now() - started)
    const used = process.cpuUsage(cpu)
    cpuMs.push((used.user + used.system) / 1000)
  }
  return { ms, cpuMs, meanResult: total / Math.max(1, items.length) }
}

export function residentMb(): number {
  // A collection first, when the process allows it, so garbage left by loading is not counted as the store's.
  ;(globalThis as { gc?: () => void }).gc?.()
  return Math.round(process.memoryUsage().rss / 1024 / 1024)
}

export const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i)
export const round = (value: number, digits = 0): number => Number(value.toFixed(digits))

/** JavaScript heap in use after a collection: the store's own objects, without what the allocator holds on to. */
export function heapMb(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024)
}
