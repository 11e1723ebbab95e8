/**
 * Closing the store compacts a team whose log is large for it, so the next open loads the saved index instead of
 * re-indexing every logged record (the engine's restart time); a small log is left as it is.
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { recordingLogger } from '../../helpers/engineHarness'
import { entry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const vocabulary = [
  'printer',
  'network',
  'certificate',
  'login',
  'timeout',
  'database',
  'latency',
  'backup',
  'invoice'
]
const size = async (dir: string, file: string) => (await stat(join(dir, 'cloud-support', file))).size

async function storeWith(dir: string, entries: number, versions: number, words: number) {
  const store = await KnowledgeStore.open({ dir, logger: recordingLogger() })
  for (let version = 1; version <= versions; version++)
    for (let n = 0; n < entries; n++)
      await store.put(
        entry({
          id: `kb-${n}`,
          title: `Entry ${n}`,
          problem: Array.from({ length: words }, (_, i) => vocabulary[(i * 7 + n) % vocabulary.length]).join(
            ' '
          ),
          version
        })
      )
  return store
}

describe('compaction when the store closes', () => {
  it('compacts a large log, so reopening replays nothing, with every entry as it was', async () => {
    const dir = await tempDir()
    const store = await storeWith(dir, 40, 6, 400)
    expect(await size(dir, 'entries.jsonl')).toBeGreaterThan(256 * 1024)
    await store.close()
    expect(await size(dir, 'entries.jsonl')).toBe(0)
    const reopened = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    expect(reopened.entries('cloud-support')).toHaveLength(40)
    expect(reopened.get('cloud-support', 'kb-7')!.version).toBe(6)
    expect((await reopened.search('cloud-support', 'certificate', { limit: 50 })).length).toBeGreaterThan(0)
    expect(reopened.indexNotes()).toEqual([])
    await reopened.close()
  })

  it('leaves a small log alone', async () => {
    const dir = await tempDir()
    const store = await storeWith(dir, 5, 2, 20)
    const before = await size(dir, 'entries.jsonl')
    await store.close()
    expect(await size(dir, 'entries.jsonl')).toBe(before)
  })
})
