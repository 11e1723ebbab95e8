/**
 * Sync conflicts in the review queue, through the contract of two running engines that exchange bundle files (as
 * the workbench does: bytes in and out): the losing version is listed beside the winner, a person keeps the winner or
 * restores the loser, and the decision travels with the next bundle so the conflict leaves every replica's queue.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncConflictView } from '../../../src/shared/syncContract'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import type { Engine } from '../../../src/main/engine/types'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { buildEngine, call } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'
import { recordingLogger } from '../knowledge/fixtures'
import { learned } from './syncFixtures'

const team = 'cloud-support'
const tempDir = useTempDirs()
const running: Engine[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((engine) => engine.stop()))
})

async function engineWith(entries: KnowledgeEntry[]): Promise<Engine> {
  const dataDir = await tempDir()
  const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  for (const entry of entries) await store.put(entry)
  await store.close()
  const { engine } = buildEngine(dataDir, { kind: 'none' })
  await engine.start()
  running.push(engine)
  return engine
}

/** Moves `from`'s knowledge into `to` through a bundle file's bytes, as the workbench does. */
async function carry(from: Engine, to: Engine): Promise<{ conflicts: number }> {
  const out = await call<{ fileName: string; data: string }>(from, 'sync.exportBundle', { team })
  return call(to, 'sync.importBundle', { fileName: out.fileName, data: out.data })
}

async function edit(engine: Engine, title: string): Promise<void> {
  await call(engine, 'knowledge.review', { entryId: 'kb-x', action: 'edit', edit: { title } })
}

const entry = async (engine: Engine): Promise<KnowledgeEntry> =>
  (await call<KnowledgeEntry[]>(engine, 'knowledge.list', {})).find((item) => item.id === 'kb-x')!

/** Both desktops edit kb-x after sharing it; B's edit is the later one, so B's wins everywhere. */
async function conflicted(): Promise<{ a: Engine; b: Engine }> {
  const a = await engineWith([learned('kb-x')])
  const b = await engineWith([])
  await carry(a, b)
  await edit(a, 'Edited on A')
  await new Promise((resolve) => setTimeout(resolve, 5))
  await edit(b, 'Edited on B')
  expect(await carry(b, a)).toMatchObject({ conflicts: 1 })
  return { a, b }
}

describe('sync conflicts in the review queue', () => {
  it('lists the losing version beside the winner, on both replicas', async () => {
    const { a, b } = await conflicted()
    await carry(a, b)
    for (const engine of [a, b]) {
      const [conflict, ...more] = await call<SyncConflictView[]>(engine, 'sync.conflicts', {})
      expect(more).toEqual([])
      expect(conflict).toMatchObject({ team, entryId: 'kb-x', loser: { title: 'Edited on A' } })
      expect(conflict!.current?.title).toBe('Edited on B')
    }
    const status = await call<{ sync?: Array<{ conflicts: number }> }>(a, 'engine.status', {})
    expect(status.sync?.[0]?.conflicts).toBe(1)
  })

  it('restores the loser as a new version that wins on the other replica, and the conflict leaves both queues', async () => {
    const { a, b } = await conflicted()
    const [conflict] = await call<SyncConflictView[]>(a, 'sync.conflicts', {})
    const restored = await call<KnowledgeEntry>(a, 'sync.decideConflict', {
      key: conflict!.key,
      action: 'restore'
    })
    expect(restored).toMatchObject({ title: 'Edited on A', version: conflict!.current!.version + 1 })
    expect(restored.provenance?.at(-1)).toMatchObject({ kind: 'rolled-back', by: 'Analyst' })
    expect((await entry(a)).title).toBe('Edited on A')
    expect(await call(a, 'sync.conflicts', {})).toEqual([])
    // The winner's version is kept in the history: nothing a person wrote is lost.
    const history = await call<KnowledgeEntry[]>(a, 'knowledge.history', { entryId: 'kb-x' })
    expect(history.map((item) => item.title)).toContain('Edited on B')

    await carry(a, b)
    expect((await entry(b)).title).toBe('Edited on A')
    expect(await call(b, 'sync.conflicts', {})).toEqual([])
  })

  it('keeps the winner: the entry is unchanged, the conflict is gone, and deciding it again is refused', async () => {
    const { a } = await conflicted()
    const before = await entry(a)
    const [conflict] = await call<SyncConflictView[]>(a, 'sync.conflicts', {})
    const kept = await call<KnowledgeEntry>(a, 'sync.decideConflict', { key: conflict!.key, action: 'keep' })
    expect(kept).toEqual(before)
    expect(await call(a, 'sync.conflicts', {})).toEqual([])
    const again = await a.call('sync.decideConflict', { key: conflict!.key, action: 'restore' })
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await entry(a)).title).toBe('Edited on B')
  })

  it('lists no conflicts for a team that never synced, without creating its sync repository', async () => {
    const dataDir = await tempDir()
    const { engine } = buildEngine(dataDir, { kind: 'none' })
    await engine.start()
    running.push(engine)
    expect(await call(engine, 'sync.conflicts', {})).toEqual([])
    expect(existsSync(join(dataDir, 'sync', `${team}.git`))).toBe(false)
  })
})
