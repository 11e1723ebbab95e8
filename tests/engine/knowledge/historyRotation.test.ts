/**
 * A team's history.jsonl stays bounded: past its bound, older versions move to history-archive.jsonl (indexed per
 * entry), and history, rollback and `vigil knowledge list` still see every version kept.
 */
import { appendFile, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/index'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { Curator } from '../../../src/main/engine/learning/curator'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { captureIo } from '../../helpers/captureIo'
import { recordingLogger } from '../../helpers/engineHarness'
import { at, entry, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const BOUND = 16 * 1024
const folder = (dir: string) => join(dir, 'cloud-support')

/** Writes `versions` versions of each entry, interleaved, each a few hundred bytes with many source tickets. */
async function writeVersions(store: KnowledgeStore, ids: string[], versions: number): Promise<void> {
  for (let version = 1; version <= versions; version++)
    for (const id of ids)
      await store.put(
        entry({
          id,
          title: `${id} version ${version}`,
          version,
          updatedAt: at(version),
          sourceTicketIds: Array.from({ length: 12 }, (_, i) => `T-${id}-${version}-${i}`)
        })
      )
}

const versionsOf = async (store: KnowledgeStore, id: string) =>
  (await store.history('cloud-support', id)).map((version) => version.version)

describe('knowledge history rotation', () => {
  it('keeps history.jsonl under its bound while every earlier version stays listed, across a reopen', async () => {
    const dir = await tempDir()
    const store = await KnowledgeStore.open({
      dir,
      logger: recordingLogger(),
      historyRotateAboveBytes: BOUND
    })
    await writeVersions(store, ['kb-a', 'kb-b', 'kb-c'], 40)
    const recent = (await stat(join(folder(dir), 'history.jsonl'))).size
    const archived = (await stat(join(folder(dir), 'history-archive.jsonl'))).size
    // Every version but the current one went through history: far more than the bound, most of it archived.
    expect(recent + archived).toBeGreaterThan(3 * BOUND)
    expect(recent).toBeLessThanOrEqual(BOUND + 2048)
    const all = Array.from({ length: 39 }, (_, i) => i + 1)
    expect(await versionsOf(store, 'kb-b')).toEqual(all)
    await store.close()

    const reopened = await KnowledgeStore.open({
      dir,
      logger: recordingLogger(),
      historyRotateAboveBytes: BOUND
    })
    expect(await versionsOf(reopened, 'kb-a')).toEqual(all)
    const old = (await reopened.history('cloud-support', 'kb-c')).find((version) => version.version === 2)!
    expect(old.title).toBe('kb-c version 2')
    expect(old.sourceTicketIds).toContain('T-kb-c-2-11')
    await writeVersions(reopened, ['kb-d'], 3)
    expect(await versionsOf(reopened, 'kb-d')).toEqual([1, 2])
    expect(await versionsOf(reopened, 'kb-c')).toEqual(all)
    await reopened.close()
  })

  it('rolls back to a version that lives only in the archive', async () => {
    const dir = await tempDir()
    const knowledge = await KnowledgeStore.open({
      dir,
      logger: recordingLogger(),
      historyRotateAboveBytes: BOUND
    })
    await knowledge.put(samlEntry())
    await writeVersions(knowledge, ['kb-x', 'kb-y'], 30)
    for (let version = 2; version <= 30; version++)
      await knowledge.put(samlEntry({ version, title: `SAML, revision ${version}`, updatedAt: at(version) }))
    // Other entries' versions after it (kept as small patches, so it takes these to rotate the SAML ones out).
    await writeVersions(knowledge, ['kb-z'], 40)
    const recent = (await readFile(join(folder(dir), 'history.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; version: number })
    expect(recent.filter((line) => line.id === 'kb-saml' && line.version === 1)).toEqual([])

    const curator = new Curator(knowledge, new EntryMatcher())
    const restored = await curator.rollback('cloud-support', 'kb-saml', 1, 'Lead', new Date(at(100)))
    expect(restored).toMatchObject({ version: 31, title: samlEntry().title })
    expect(await versionsOf(knowledge, 'kb-saml')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    await knowledge.close()
  })

  it('moves a torn last line aside before rotating, and leaves a damaged file alone with a warning', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const store = await KnowledgeStore.open({ dir, logger, historyRotateAboveBytes: BOUND })
    await writeVersions(store, ['kb-a'], 5)
    await store.close()
    const history = join(folder(dir), 'history.jsonl')
    await appendFile(history, JSON.stringify(samlEntry()).slice(0, 50))

    const reopened = await KnowledgeStore.open({ dir, logger, historyRotateAboveBytes: BOUND })
    await writeVersions(reopened, ['kb-b'], 40)
    expect((await readdir(folder(dir))).some((name) => name.startsWith('history.jsonl.torn-'))).toBe(true)
    expect(await versionsOf(reopened, 'kb-a')).toEqual([1, 2, 3, 4])
    expect(await versionsOf(reopened, 'kb-b')).toHaveLength(39)
    await reopened.close()

    // A damaged line in the middle: rotation refuses to rewrite the file, the put still succeeds.
    const text = await readFile(history, 'utf8')
    const lines = text.split('\n')
    lines[1] = '{"id": "kb-b", "broken'
    await writeFile(history, lines.join('\n'))
    const damaged = await KnowledgeStore.open({ dir, logger, historyRotateAboveBytes: BOUND })
    await writeVersions(damaged, ['kb-c'], 40)
    expect((await readFile(history, 'utf8')).split('\n')[1]).toBe('{"id": "kb-b", "broken')
    expect(logger.warnings.join('\n')).toMatch(/history\.jsonl line 2: not a valid version/)
    expect(damaged.get('cloud-support', 'kb-c')!.version).toBe(40)
    await damaged.close()
  })

  it('vigil knowledge list reads a team whose history was rotated', async () => {
    const dataDir = await tempDir()
    const dir = join(dataDir, 'knowledge')
    const store = await KnowledgeStore.open({
      dir,
      logger: recordingLogger(),
      historyRotateAboveBytes: BOUND
    })
    await writeVersions(store, ['kb-a', 'kb-b'], 40)
    await store.close()
    expect((await readdir(folder(dir))).sort()).toContain('history-archive.entries.jsonl')
    const io = captureIo()
    expect(await main(['knowledge', 'list', '--data-dir', dataDir, '--json'], io.io)).toBe(0)
    const listed = io
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as KnowledgeEntry)
    expect(listed.map((line) => [line.id, line.version])).toEqual([
      ['kb-a', 40],
      ['kb-b', 40]
    ])
  })
})
