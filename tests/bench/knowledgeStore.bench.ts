/**
 * KnowledgeStore benchmark (not a test): `npx tsx tests/bench/knowledgeStore.bench.ts [N]`, N defaults to 20000.
 *
 * Puts N synthetic entries into one team (with up to 64 puts in flight, as concurrent learning would), then reopens
 * the store in a fresh process so that load time and memory are not blurred by the writing process, and runs 200
 * searches there. Prints one JSON line. `--keep` keeps the written folder (its path goes to stderr) for profiling.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { emptyCounters, type KnowledgeEntry } from '../../src/shared/domain'
import { silentLogger } from '../../src/main/engine/host'
import { KnowledgeStore } from '../../src/main/engine/knowledge/knowledgeStore'

const team = 'bench-team'
const inFlight = 64
const queryCount = 200

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const syllables = [
  'ka',
  'lo',
  'mi',
  'ser',
  'vpn',
  'dns',
  'net',
  'ta',
  'ro',
  'pin',
  'gate',
  'log',
  'sync',
  'cert',
  'key'
]
const next = random(42)
const vocabulary = Array.from({ length: 8000 }, (_, i) => {
  const parts = 2 + (i % 3)
  return (
    Array.from({ length: parts }, () => syllables[Math.floor(next() * syllables.length)]).join('') + (i % 97)
  )
})
const functionWords = [
  'the',
  'a',
  'to',
  'is',
  'and',
  'of',
  'in',
  'it',
  'not',
  'after',
  'when',
  'with',
  'for',
  'on'
]
/**
 * About a third function words, the rest skewed towards the start of the vocabulary, so that a few domain words
 * appear in most entries, as "error" or "user" do in real support text.
 */
const word = () =>
  next() < 0.35
    ? (functionWords[Math.floor(next() * functionWords.length)] ?? 'the')
    : (vocabulary[Math.floor(vocabulary.length * next() ** 3)] ?? 'vpn')
const sentence = (words: number) => Array.from({ length: words }, word).join(' ')

function syntheticEntry(i: number): KnowledgeEntry {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  return {
    id: `entry-${i}`,
    team,
    title: sentence(7),
    problem: sentence(60),
    symptoms: [sentence(12), sentence(10), sentence(14)],
    resolution: [sentence(15), sentence(18), sentence(12), sentence(16)],
    sourceTicketIds: [`T-${i}`, `T-${i + 1}`],
    author: 'learned',
    status: i % 10 === 0 ? 'draft' : 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    counters: emptyCounters()
  }
}

const megabytes = (bytes: number) => Math.round(bytes / 1048576)
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
const round = (value: number, digits = 2) => Number(value.toFixed(digits))

async function writePhase(n: number, keep: boolean) {
  const root = await mkdtemp(join(tmpdir(), 'vigil-knowledge-bench-'))
  const dir = join(root, 'knowledge')
  try {
    const store = await KnowledgeStore.open({ dir, logger: silentLogger })
    const entries = Array.from({ length: n }, (_, i) => syntheticEntry(i))
    const started = performance.now()
    let nextIndex = 0
    const worker = async () => {
      while (nextIndex < entries.length) {
        const entry = entries[nextIndex]
        nextIndex += 1
        if (entry) await store.put(entry)
      }
    }
    await Promise.all(Array.from({ length: inFlight }, worker))
    await store.close()
    const putSeconds = (performance.now() - started) / 1000
    const writerRssMb = megabytes(process.memoryUsage().rss)
    const reload = await readPhaseInChild(dir)
    const result = {
      n,
      putsPerSecond: Math.round(n / putSeconds),
      putSeconds: round(putSeconds),
      putConcurrency: inFlight,
      writerRssMb,
      ...reload
    }
    console.log(JSON.stringify(result))
  } finally {
    if (keep) console.error(`kept ${dir}`)
    else await rm(root, { recursive: true, force: true })
  }
}

/** Runs `readPhase` in a fresh Node process (with the same tsx loader) and returns what it printed. */
function readPhaseInChild(dir: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--read', dir],
      {
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`read phase exited with ${code}`))
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}') as Record<string, number>)
    })
  })
}

async function readPhase(dir: string) {
  const rssBefore = process.memoryUsage().rss
  const started = performance.now()
  const store = await KnowledgeStore.open({ dir, logger: silentLogger })
  const openMs = performance.now() - started
  if (store.problems().length > 0) throw new Error(JSON.stringify(store.problems()))

  // The index builds in the background after open; the first search waits for it.
  await store.search(team, 'warm up', { limit: 1 })
  const indexReadyMs = performance.now() - started
  const rssAfterIndex = process.memoryUsage().rss

  const timings: number[] = []
  let hitsTotal = 0
  for (let q = 0; q < queryCount; q += 1) {
    const query =
      q % 2 === 0 ? sentence(3 + (q % 4)) : (store.get(team, `entry-${q * 37}`)?.title ?? sentence(4))
    const t0 = performance.now()
    const hits = await store.search(team, query, { limit: 10 })
    timings.push(performance.now() - t0)
    hitsTotal += hits.length
  }
  timings.sort((a, b) => a - b)
  await store.close()
  console.log(
    JSON.stringify({
      entriesLoaded: store.count(),
      openMs: Math.round(openMs),
      indexReadyMs: Math.round(indexReadyMs),
      searchP50Ms: round(percentile(timings, 0.5)),
      searchP95Ms: round(percentile(timings, 0.95)),
      meanHitsPerQuery: round(hitsTotal / queryCount, 1),
      readerRssMb: megabytes(rssAfterIndex),
      readerRssGrowthMb: megabytes(rssAfterIndex - rssBefore),
      readerHeapUsedMb: megabytes(process.memoryUsage().heapUsed)
    })
  )
}

const args = process.argv.slice(2)
if (args[0] === '--read' && args[1]) {
  await readPhase(args[1])
} else {
  const n = Number(args[0] ?? 20000)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`N must be a positive integer, got ${args[0]}`)
  await writePhase(n, args.includes('--keep'))
}
