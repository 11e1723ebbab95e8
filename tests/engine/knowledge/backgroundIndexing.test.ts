/**
 * A large batch of puts (a first sync of a big team) is answered once its records are on disk and indexed after, in
 * the background: entries are readable at once, `indexing` says how many search does not find yet, search waits for
 * them, later writes keep their order, and closing waits for the index and its compaction.
 */
import { describe, expect, it } from 'vitest'
import { backgroundIndexFrom } from '../../../src/main/engine/knowledge/teamKnowledge'
import { makeEntry, openStore } from './fixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const team = 'cloud-support'
const batch = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    makeEntry({ id: `kb-${i}`, title: `Printer queue ${i} stalls`, problem: `Spooler number${i} hangs` })
  )

describe('a large batch of puts is indexed in the background', () => {
  it('answers before indexing, counts what is left, and search waits for all of it', async () => {
    const dir = await tempDir()
    const store = await openStore(dir)
    const count = backgroundIndexFrom * 2
    await store.putFromSync(batch(count))
    expect(store.get(team, 'kb-1999')?.title).toBe('Printer queue 1999 stalls')
    expect(store.indexing(team)).toBeGreaterThan(backgroundIndexFrom)
    // Search right after the write finds the last entry of the batch: it waits for the background index.
    const hits = await store.search(team, 'number1999', { limit: 3 })
    expect(hits.map((hit) => hit.entry.id)).toEqual(['kb-1999'])
    expect(store.indexing(team)).toBe(0)
    // A write after the batch replaces the version the background indexed.
    await store.put({ ...store.get(team, 'kb-5')!, title: 'Scanner jams', problem: 'Feeder', version: 2 })
    expect((await store.search(team, 'number5', { limit: 3 })).map((hit) => hit.entry.id)).toEqual([])
    expect((await store.search(team, 'scanner', { limit: 3 })).map((hit) => hit.entry.id)).toEqual(['kb-5'])
    await store.close()
    const reopened = await openStore(dir)
    expect(reopened.indexNotes()).toEqual([])
    expect((await reopened.search(team, 'number1234', { limit: 3 })).map((hit) => hit.entry.id)).toEqual([
      'kb-1234'
    ])
    await reopened.close()
  })

  it('a small batch is indexed before it is answered', async () => {
    const store = await openStore(await tempDir())
    await store.putFromSync(batch(backgroundIndexFrom - 1))
    expect(store.indexing(team)).toBe(0)
    await store.close()
  })
})
