/**
 * Hybrid knowledge search with an embedding model: Orama's hybrid mode over the store's int8 vectors gives the same
 * hits as a brute-force reference (BM25 from full-text search, exact cosine, Orama's fusion); vectors are saved in
 * vectors.bin and loaded at the next open; a damaged, missing or foreign vector file is derived again and named.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { embeddedText, type EntryEmbedder } from '../../../src/main/engine/knowledge/vectors/entryEmbedder'
import { readVectorFile, vectorFileName } from '../../../src/main/engine/knowledge/vectors/vectorFile'
import { denseCosine as cosine, makeEntry, makeTempDir, openStore, recordingLogger } from './fixtures'

let temp: Awaited<ReturnType<typeof makeTempDir>>
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(async () => {
  await temp.remove()
})

const team = 'cloud-support'
const dimensions = 24

/**
 * Whole-number vectors up to ±127 derived from the text, largest component exactly ±127: the store's int8 rows hold
 * them without loss, so its cosine is the exact one (to the query's int16 rounding).
 */
function vectorOf(text: string): number[] {
  let state = 2166136261
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619)
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 4294967296
  }
  const vector = Array.from({ length: dimensions }, () => Math.round(next() * 200 - 100))
  vector[Math.floor(next() * dimensions)] = next() < 0.5 ? -127 : 127
  return vector
}

function countingEmbedder(model = 'test-model'): EntryEmbedder & { texts: number } {
  const embedder = {
    model,
    dimensions,
    texts: 0,
    embed: async (texts: string[]) => {
      embedder.texts += texts.length
      return texts.map(vectorOf)
    }
  }
  return embedder
}

const words = [
  'gateway',
  'printer',
  'quota',
  'vpn',
  'tls',
  'proxy',
  'disk',
  'upload',
  'login',
  'token',
  'mail'
]
const entries: KnowledgeEntry[] = Array.from({ length: 60 }, (_, i) =>
  makeEntry({
    id: `e${i}`,
    title: `${words[i % words.length]} ${words[(i * 3) % words.length]} problem ${i}`,
    problem: `The ${words[(i * 5) % words.length]} fails after the ${words[(i * 7) % words.length]} change`,
    resolution: [`Reset the ${words[(i * 2) % words.length]}`],
    status: i % 9 === 0 ? 'retired' : 'active'
  })
)
const queries = [
  'gateway tls fails',
  'printer quota',
  'cannot login with token',
  'zzz nothing matches',
  'proxy'
]

/** Orama's hybrid fusion, computed by brute force over every active entry. */
async function reference(store: KnowledgeStore, query: string, similarity: number, limit: number) {
  const text = new Map(
    (await store.search(team, query, { limit: 1000 })).map((hit) => [hit.entry.id, hit.score])
  )
  const best = Math.max(...text.values())
  const vectors = new Map<string, number>()
  for (const entry of entries) {
    if (entry.status !== 'active') continue
    const value = cosine(vectorOf(embeddedText(entry)), vectorOf(query))
    if (value >= similarity) vectors.set(entry.id, value)
  }
  const bestVector = Math.max(...vectors.values())
  const fused = new Map<string, number>()
  for (const [id, score] of text) fused.set(id, (score / best) * 0.5)
  for (const [id, value] of vectors) fused.set(id, (fused.get(id) ?? 0) + (value / bestVector) * 0.5)
  return [...fused].sort((a, b) => b[1] - a[1]).slice(0, limit)
}

async function hybrid(store: KnowledgeStore, query: string, similarity = 0.1, limit = 15) {
  const hits = await store.search(team, query, { limit, mode: 'hybrid', similarity })
  return hits.map((hit) => [hit.entry.id, hit.score] as [string, number])
}

async function filledStore(embedder = countingEmbedder()): Promise<KnowledgeStore> {
  const store = await openStore(temp.dir, { embedder })
  for (const entry of entries) await store.put(entry)
  return store
}

function expectSameHits(actual: Array<[string, number]>, expected: Array<[string, number]>): void {
  expect(actual.map(([id]) => id)).toEqual(expected.map(([id]) => id))
  actual.forEach(([, score], i) => expect(score).toBeCloseTo(expected[i]![1], 4))
}

describe('hybrid knowledge search', () => {
  it('equals a brute-force BM25 + exact cosine fusion, statuses filtered, at several thresholds', async () => {
    const store = await filledStore()
    for (const query of queries) {
      for (const similarity of [-1, 0, 0.2]) {
        const expected = await reference(store, query, similarity, 15)
        expect(expected.length).toBeGreaterThan(0)
        expectSameHits(await hybrid(store, query, similarity), expected)
      }
    }
    // Retired entries never come back, even as vector matches.
    const all = await hybrid(store, 'gateway', -1, 100)
    expect(all).toHaveLength(entries.filter((entry) => entry.status === 'active').length)
    await store.close()
  })

  it('saves the vectors with the index and loads them at the next open, embedding only the log and the query', async () => {
    const store = await filledStore()
    await store.compact(team)
    const changed = { ...entries[3]!, version: 2, title: 'vpn tunnel resets hourly' }
    await store.put(changed)
    const before = await Promise.all(queries.map((query) => hybrid(store, query)))
    await store.close()

    const embedder = countingEmbedder()
    const reopened = await openStore(temp.dir, { embedder })
    expect(await Promise.all(queries.map((query) => hybrid(reopened, query)))).toEqual(before)
    expect(reopened.indexNotes()).toEqual([])
    // The changed entry from the log and the five queries; none of the 60 saved vectors.
    expect(embedder.texts).toBe(1 + queries.length)
    await reopened.close()
  })

  it('derives the vectors again when vectors.bin is damaged, says which file and why, and saves them', async () => {
    const store = await filledStore()
    await store.compact(team)
    const before = await Promise.all(queries.map((query) => hybrid(store, query)))
    await store.close()
    const path = join(temp.dir, team, vectorFileName)
    const bytes = await readFile(path)
    bytes[bytes.length - 100]! ^= 0xff
    await writeFile(path, bytes)

    const embedder = countingEmbedder()
    const logger = recordingLogger()
    const reopened = await openStore(temp.dir, { embedder, logger })
    expect(await Promise.all(queries.map((query) => hybrid(reopened, query)))).toEqual(before)
    expect(reopened.indexNotes()).toEqual([
      {
        team,
        message: 'entry vectors derived again from the entries: vectors.bin damaged (checksum mismatch)'
      }
    ])
    expect(logger.lines.find((line) => line.level === 'warn')?.data).toMatchObject({ file: path })
    expect(embedder.texts).toBe(entries.length + queries.length)
    await reopened.close()
    expect('unusable' in (await readVectorFile(path))).toBe(false)
  })

  it('derives the vectors again when vectors.bin is missing or holds another model', async () => {
    const store = await filledStore()
    await store.compact(team)
    await store.close()
    const path = join(temp.dir, team, vectorFileName)
    await rm(path)
    const first = await openStore(temp.dir, { embedder: countingEmbedder() })
    await hybrid(first, 'gateway')
    expect(first.indexNotes()[0]?.message).toBe(
      'entry vectors derived again from the entries: vectors.bin missing'
    )
    await first.close()
    const other = await openStore(temp.dir, { embedder: countingEmbedder('other-model') })
    await hybrid(other, 'gateway')
    expect(other.indexNotes()[0]?.message).toContain('holds vectors of model "test-model"')
    await other.close()
  })

  it('takes a model given after open (useEmbedder): saved vectors restored, the rest embedded, null goes back', async () => {
    const store = await filledStore()
    await store.compact(team)
    await store.put({ ...entries[3]!, version: 2, title: 'vpn tunnel resets hourly' })
    const before = await Promise.all(queries.map((query) => hybrid(store, query)))
    await store.close()

    const reopened = await openStore(temp.dir)
    expect(reopened.hybridReady(team)).toBe(false)
    const embedder = countingEmbedder()
    await reopened.useEmbedder(embedder)
    expect(reopened.hybridReady(team)).toBe(true)
    // Only the entry changed in the log since vectors.bin was saved; the other 59 vectors come from the file.
    expect(embedder.texts).toBe(1)
    expect(await Promise.all(queries.map((query) => hybrid(reopened, query)))).toEqual(before)

    const other = countingEmbedder('other-model')
    await reopened.useEmbedder(other)
    expect(other.texts).toBe(entries.length)
    await reopened.useEmbedder(null)
    expect(reopened.hybridReady(team)).toBe(false)
    await expect(hybrid(reopened, 'gateway')).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await reopened.close()
    // The other model's vectors were saved when derived.
    expect(await readVectorFile(join(temp.dir, team, vectorFileName))).toMatchObject({ model: 'other-model' })
  })

  it('refuses hybrid search without an embedding model, in words', async () => {
    const store = await openStore(temp.dir)
    await store.put(entries[0]!)
    await expect(store.search(team, 'gateway', { limit: 5, mode: 'hybrid' })).rejects.toMatchObject({
      code: 'BAD_INPUT'
    })
    await store.close()
  })
})
