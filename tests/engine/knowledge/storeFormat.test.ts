/** A team folder written by a newer Vigil (a higher store format) is refused with a clear message, never rewritten. */
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { makeEntry, makeTempDir, openStore, recordingLogger } from './fixtures'

let temp: Awaited<ReturnType<typeof makeTempDir>>
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(async () => {
  await temp.remove()
})

async function filesOf(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of await readdir(folder)) files[name] = await readFile(join(folder, name), 'utf8')
  return files
}

describe('store format', () => {
  it('refuses a team folder of a newer format, naming it, and leaves every byte as it was', async () => {
    const seeded = await openStore(temp.dir, { compactEvery: 1000 })
    await seeded.put(makeEntry({ id: 'e1', team: 'cloud-support', title: 'SSO fails' }))
    await seeded.close()
    const folder = join(temp.dir, 'cloud-support')
    await writeFile(
      join(folder, 'team.json'),
      JSON.stringify({ format: 2, team: 'cloud-support', shards: 4 })
    )
    const before = await filesOf(folder)

    const store = await KnowledgeStore.open({ dir: temp.dir, logger: recordingLogger() })
    expect(store.problems()).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'team.json: written by a newer version of Vigil (store format 2; this version reads format 1)'
        )
      })
    ])
    await expect(
      store.put(makeEntry({ id: 'e2', team: 'cloud-support', title: 'Another' }))
    ).rejects.toMatchObject({ code: expect.stringMatching(/KNOWLEDGE_/) })
    await store.close()
    expect(await filesOf(folder)).toEqual(before)
  })
})
