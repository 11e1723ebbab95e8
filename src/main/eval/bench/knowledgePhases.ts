/**
 * The steps of `vigil bench knowledge`, each run in a fresh process (see knowledgeBench.ts) so that the memory and
 * start-up time measured are those of a process that opens an existing store, not one that just wrote it.
 *
 * - `vigil-write` / `orama-write`: build the store of N entries, report inserts per second.
 * - `vigil-open` / `orama-open`: start from the files, report time until the first search answers, search
 *   latency over real queries, the cost of appending one entry, and the resident memory.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { KnowledgeEntry } from '../../../shared/domain'
import { silentLogger } from '../../engine/host'
import { KnowledgeStore } from '../../engine/knowledge/knowledgeStore'
import { engineOpen } from './enginePhases'
import { corpusEntry, hashEmbedder, hybridSimilarity, type KnowledgeCorpus } from './knowledgeCorpus'
import { percentile } from './modelBench'
import {
  benchTeam,
  queriesFor,
  range,
  heapMb,
  residentMb,
  round,
  searchLimit,
  timeEach,
  type PhaseOptions,
  type PhaseResult
} from './phaseTools'
import { plainOramaOpen, plainOramaWrite } from './plainOrama'

/** Puts in flight while writing, as concurrent learning of many tickets would issue them. */
const inFlight = 64
/** Entries appended (and updated) one at a time after opening, each awaited until durable. */
const appendSamples = 20

/** What an opening phase needs: the queries and the entries it appends. */
export interface OpenInput {
  queries: string[]
  fresh: KnowledgeEntry[]
}

const inputFileName = 'open-input.json'

function openInput(corpus: KnowledgeCorpus, options: PhaseOptions): OpenInput {
  return {
    queries: queriesFor(corpus, options),
    fresh: range(appendSamples).map((i) => corpusEntry(corpus, benchTeam, options.entries + i))
  }
}

export type PhaseName =
  | 'vigil-write'
  | 'vigil-open'
  | 'orama-write'
  | 'orama-open'
  | 'engine-first'
  | 'engine-open'

export async function runPhase(
  phase: PhaseName,
  loadCorpus: () => Promise<KnowledgeCorpus>,
  options: PhaseOptions
): Promise<PhaseResult> {
  switch (phase) {
    case 'vigil-write': {
      const corpus = await loadCorpus()
      await writeFile(join(options.dir, inputFileName), JSON.stringify(openInput(corpus, options)))
      return vigilWrite(corpus, options)
    }
    case 'orama-write':
      return plainOramaWrite(await loadCorpus(), options)
  }
  // The opening phases never load the corpus (it would count in their memory): the writing phase left them the
  // queries and the entries to append in a small file.
  const input = (await readJson(join(options.dir, inputFileName))) as OpenInput
  if (phase === 'engine-first' || phase === 'engine-open')
    return engineOpen(input, options, phase === 'engine-first')
  return phase === 'vigil-open' ? vigilOpen(input, options) : plainOramaOpen(input, options)
}

/** The store as the app opens it; with `--dims`, with the bench's embedder (see `hashEmbedder`). */
function openStore(options: PhaseOptions): Promise<KnowledgeStore> {
  return KnowledgeStore.open({
    dir: join(options.dir, 'knowledge'),
    logger: silentLogger,
    ...(options.dims > 0 ? { embedder: hashEmbedder(options.dims) } : {})
  })
}

async function vigilWrite(corpus: KnowledgeCorpus, options: PhaseOptions): Promise<PhaseResult> {
  const store = await openStore(options)
  const started = performance.now()
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < options.entries) await store.put(corpusEntry(corpus, benchTeam, next++))
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  const seconds = (performance.now() - started) / 1000
  await store.compact(benchTeam)
  await store.close()
  return { insertPerSec: Math.round(options.entries / seconds) }
}

async function vigilOpen(input: OpenInput, options: PhaseOptions): Promise<PhaseResult> {
  const rssBeforeMb = residentMb()
  const started = performance.now()
  const store = await openStore(options)
  await store.search(benchTeam, input.queries[0]!, { limit: searchLimit })
  const readyMs = performance.now() - started
  // Null when the saved index (and vectors) were loaded; otherwise why they were derived from the entries.
  const indexRebuilt =
    store
      .indexNotes()
      .map((note) => note.message)
      .join('; ') || null
  const fullText = await timeEach(input.queries, (query) =>
    store.search(benchTeam, query, { limit: searchLimit }).then((hits) => hits.length)
  )
  // The same fusion and threshold as the plain Orama run (plainOrama.ts).
  const hybrid =
    options.dims > 0
      ? await timeEach(input.queries, (query) =>
          store
            .search(benchTeam, query, { limit: searchLimit, mode: 'hybrid', similarity: hybridSimilarity })
            .then((hits) => hits.length)
        )
      : null
  const appended = await timeEach(input.fresh, (entry) => store.put(entry).then(() => 1))
  const updated = await timeEach(range(appendSamples), async (i) => {
    const entry = store.get(benchTeam, `bench-${i * 7}`)!
    await store.put({ ...entry, version: entry.version + 1, title: `${entry.title} (revised)` })
    return 1
  })
  const rssMb = residentMb()
  await store.close()
  return {
    readyMs: round(readyMs),
    indexRebuilt,
    searchFullTextP50Ms: round(percentile(fullText.ms, 50), 2),
    searchFullTextP95Ms: round(percentile(fullText.ms, 95), 2),
    searchFullTextCpuP95Ms: round(percentile(fullText.cpuMs, 95), 2),
    meanHits: round(fullText.meanResult, 1),
    searchHybridP50Ms: hybrid ? round(percentile(hybrid.ms, 50), 2) : null,
    searchHybridP95Ms: hybrid ? round(percentile(hybrid.ms, 95), 2) : null,
    searchHybridCpuP95Ms: hybrid ? round(percentile(hybrid.cpuMs, 95), 2) : null,
    hybridMeanHits: hybrid ? round(hybrid.meanResult, 1) : null,
    appendOneMs: round(percentile(appended.ms, 50), 2),
    appendOneCpuMs: round(percentile(appended.cpuMs, 50), 2),
    updateOneMs: round(percentile(updated.ms, 50), 2),
    updateOneCpuMs: round(percentile(updated.cpuMs, 50), 2),
    rssMb,
    rssBeforeMb,
    heapMb: heapMb()
  }
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown
}
