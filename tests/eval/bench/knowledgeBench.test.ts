/**
 * `vigil bench knowledge`: the corpus it builds from the public data, and its phases run in this process at a small
 * size (the CLI runs each in a child process; tests/cli/benchKnowledge.test.ts covers that path on the built CLI).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KnowledgeEntry } from '../../../src/shared/domain'
import { ErrorCode } from '../../../src/shared/errors'
import {
  corpusEntry,
  entryText,
  hashEmbedding,
  loadKnowledgeCorpus,
  type KnowledgeCorpus
} from '../../../src/main/eval/bench/knowledgeCorpus'
import { runPhase } from '../../../src/main/eval/bench/knowledgePhases'

const dataDir = resolve(__dirname, '../../../../shared/data')
const present = existsSync(join(dataDir, 'gitbugs-hadoop')) && existsSync(join(dataDir, 'twitter-cdp'))
if (!present) console.warn(`knowledge bench tests skipped: no public data at ${dataDir}`)

describe.skipIf(!present)('knowledge bench corpus (real data)', () => {
  let corpus: KnowledgeCorpus
  beforeAll(async () => {
    corpus = await loadKnowledgeCorpus(dataDir)
  }, 120_000)

  it('builds valid, varied entries deterministically from every source', () => {
    expect(Object.keys(corpus.sources).sort()).toEqual(['gitbugs-hadoop', 'twitter-cdp', 'ubuntu-irc'])
    const entries = Array.from({ length: 500 }, (_, i) => corpusEntry(corpus, 'team-a', i))
    for (const entry of entries) expect(KnowledgeEntry.safeParse(entry).success).toBe(true)
    expect(corpusEntry(corpus, 'team-a', 42)).toEqual(entries[42])
    expect(new Set(entries.map((entry) => entry.problem)).size).toBe(500)
  })

  it('queries with real messages that no entry was built from', () => {
    const pieces = new Set(
      Array.from({ length: 3000 }, (_, i) => entryText(corpusEntry(corpus, 't', i)).split('\n')).flat()
    )
    const sample = corpus.queries.slice(0, 1500)
    expect(sample.length).toBe(1500)
    expect(sample.filter((query) => pieces.has(query))).toEqual([])
  })

  it('embeds similar text close together and unrelated text apart', () => {
    const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0)
    const a = hashEmbedding('namenode fails to start after the upgrade', 384)
    const b = hashEmbedding('the namenode fails to start', 384)
    const c = hashEmbedding('my package was charged twice', 384)
    expect(a).toHaveLength(384)
    expect(cosine(a, a)).toBeCloseTo(1, 6)
    expect(cosine(a, b)).toBeGreaterThan(0.6)
    expect(Math.abs(cosine(a, c))).toBeLessThan(0.3)
  })
})

describe.skipIf(!present)('knowledge bench phases (real data, small)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-kbench-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const options = () => ({ dir, entries: 400, dims: 16, queries: 30 })
  const load = () => loadKnowledgeCorpus(dataDir)

  it('writes the Vigil store, reopens it and reports search, append and memory figures', async () => {
    const written = await runPhase('vigil-write', load, options())
    expect(written['insertPerSec']).toBeGreaterThan(0)
    const opened = await runPhase('vigil-open', load, options())
    expect(opened['readyMs']).toBeGreaterThan(0)
    expect(opened['searchFullTextP95Ms']).toBeGreaterThanOrEqual(opened['searchFullTextP50Ms'] as number)
    // Real queries find real candidates in a store built from the same domains.
    expect(opened['meanHits']).toBeGreaterThan(1)
    // With --dims the store embeds its entries, saves their vectors and searches hybrid after loading them.
    expect(opened['indexRebuilt']).toBeNull()
    expect(opened['searchHybridP95Ms']).toBeGreaterThanOrEqual(opened['searchHybridP50Ms'] as number)
    expect(opened['hybridMeanHits']).toBeGreaterThanOrEqual(opened['meanHits'] as number)
    expect(opened['appendOneMs']).toBeGreaterThan(0)
    expect(opened['rssMb']).toBeGreaterThan(0)
  }, 120_000)

  it('starts the whole engine on that store: the first start derives the matching summary, a later one restores it', async () => {
    const first = await runPhase('engine-first', load, options())
    expect(first['firstStartMatcherSummaries']).toBe(0)
    expect(first['firstStartReadyMs']).toBeGreaterThan(0)
    const later = await runPhase('engine-open', load, options())
    expect(later['engineMatcherSummaries']).toBe(1)
    expect(later['engineReadyCpuMs']).toBeGreaterThan(0)
    expect(later['engineSearchP95Ms']).toBeGreaterThanOrEqual(later['engineSearchP50Ms'] as number)
    expect(later['engineRssMb']).toBeGreaterThan(0)
    expect(later['engineWarnings']).toBe(0)
  }, 120_000)

  it('does the same with plain Orama saved and loaded as its persistence plugin does', async () => {
    expect((await runPhase('orama-write', load, options()))['error']).toBeUndefined()
    const opened = await runPhase('orama-open', load, options())
    expect(opened['meanHits']).toBeGreaterThan(1)
    expect(opened['searchHybridP95Ms']).toBeGreaterThan(0)
  }, 120_000)
})

describe('knowledge bench corpus without data', () => {
  it('says which files it looked for', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'vigil-kbench-empty-'))
    await expect(loadKnowledgeCorpus(empty)).rejects.toMatchObject({
      code: ErrorCode.notFound,
      message: expect.stringMatching(/no public data .*hadoop_bugs\.csv.*--data/)
    })
    await rm(empty, { recursive: true })
  })
})
