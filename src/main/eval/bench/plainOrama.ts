/**
 * The reference point of `vigil bench knowledge`: plain Orama as its documentation suggests, every field of the
 * entry in one database, saved and restored the way @orama/plugin-data-persistence does it in its 'json' format
 * (`JSON.stringify(await save(db))`, then `load(db, JSON.parse(text))`). The plugin itself is not a dependency of
 * Vigil; this is the same two calls. The failure it meets on large stores (V8 refuses a string that long) is
 * reported as its `error`, not hidden.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { create, insert, insertMultiple, load, save, search, type AnyOrama } from '@orama/orama'
import type { KnowledgeEntry } from '../../../shared/domain'
import {
  corpusEntry,
  entryText,
  hashEmbedding,
  hybridSimilarity,
  type KnowledgeCorpus
} from './knowledgeCorpus'
import { percentile } from './modelBench'
import {
  benchTeam,
  range,
  heapMb,
  residentMb,
  round,
  searchLimit,
  timeEach,
  type PhaseOptions,
  type PhaseResult
} from './phaseTools'
import type { OpenInput } from './knowledgePhases'

const fileName = 'orama.json'

function createDb(dims: number): AnyOrama {
  return create({
    schema: {
      title: 'string',
      problem: 'string',
      symptoms: 'string[]',
      resolution: 'string[]',
      status: 'enum',
      ...(dims > 0 ? { embedding: `vector[${dims}]` } : {})
    } as const
  }) as AnyOrama
}

function documentFor(corpus: KnowledgeCorpus, index: number, dims: number) {
  return withEmbedding(corpusEntry(corpus, benchTeam, index), dims)
}

function withEmbedding(entry: KnowledgeEntry, dims: number) {
  return {
    ...entry,
    ...(dims > 0 ? { embedding: hashEmbedding(entryText(entry), dims) } : {})
  }
}

export async function plainOramaWrite(corpus: KnowledgeCorpus, options: PhaseOptions): Promise<PhaseResult> {
  const db = createDb(options.dims)
  const started = performance.now()
  for (let start = 0; start < options.entries; start += 1000) {
    const batch = range(Math.min(1000, options.entries - start)).map((i) =>
      documentFor(corpus, start + i, options.dims)
    )
    await insertMultiple(db, batch, 1000)
  }
  const insertPerSec = Math.round(options.entries / ((performance.now() - started) / 1000))
  try {
    await writeFile(join(options.dir, fileName), JSON.stringify(save(db)))
  } catch (error) {
    return { insertPerSec, error: `persist failed: ${(error as Error).message}` }
  }
  return { insertPerSec }
}

export async function plainOramaOpen(input: OpenInput, options: PhaseOptions): Promise<PhaseResult> {
  const rssBeforeMb = residentMb()
  const started = performance.now()
  const db = createDb(options.dims)
  load(db, JSON.parse(await readFile(join(options.dir, fileName), 'utf8')) as never)
  const readyMs = performance.now() - started
  const queries = input.queries
  const run = (query: string, hybrid: boolean) =>
    search(db, {
      term: query,
      properties: ['title', 'problem', 'symptoms', 'resolution'],
      boost: { title: 2 },
      limit: searchLimit,
      ...(hybrid
        ? {
            mode: 'hybrid' as const,
            vector: { value: hashEmbedding(query, options.dims), property: 'embedding' },
            similarity: hybridSimilarity
          }
        : {})
    } as never) as Promise<{ hits: unknown[] }>
  const fullText = await timeEach(queries, async (query) => (await run(query, false)).hits.length)
  const hybrid =
    options.dims > 0 ? await timeEach(queries, async (query) => (await run(query, true)).hits.length) : null
  const appended = await timeEach(input.fresh, async (entry) => {
    await insert(db, withEmbedding(entry, options.dims))
    return 1
  })
  return {
    readyMs: round(readyMs),
    searchFullTextP50Ms: round(percentile(fullText.ms, 50), 2),
    searchFullTextP95Ms: round(percentile(fullText.ms, 95), 2),
    searchFullTextCpuP95Ms: round(percentile(fullText.cpuMs, 95), 2),
    searchHybridP50Ms: hybrid ? round(percentile(hybrid.ms, 50), 2) : null,
    searchHybridP95Ms: hybrid ? round(percentile(hybrid.ms, 95), 2) : null,
    meanHits: round(fullText.meanResult, 1),
    // In memory only: the plugin can only save the whole database again.
    appendOneMs: round(percentile(appended.ms, 50), 2),
    rssMb: residentMb(),
    rssBeforeMb,
    heapMb: heapMb()
  }
}
