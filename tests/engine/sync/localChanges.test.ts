/**
 * A sync looks only at the entries put since its last look: the KnowledgeStore marks its changes (a put is one; an
 * entry written by a sync import, or a counter moving, is not), and what a sync took in is never sent back, while
 * what was learned after it is.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { localState } from '../../../src/main/engine/sync/localState'
import { emptyTree } from '../../../src/main/engine/sync/teamTree'
import { recordingLogger } from '../knowledge/fixtures'
import { contents, learned, useDesktops } from './syncFixtures'

const { make } = useDesktops()
/** Other stores opened on a desktop's folder, closed before the desktops are. */
const open: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()))
})

describe('changes since the last look', () => {
  it('reports puts, not sync imports or counters; a mark of another store means every entry', async () => {
    const d = await make([learned('kb-1'), learned('kb-2')])
    const first = d.knowledge.changes('cloud-support')
    expect(first.complete).toBe(true)
    expect(first.entries.map((e) => e.id).sort()).toEqual(['kb-1', 'kb-2'])

    await d.knowledge.put({ ...d.knowledge.get('cloud-support', 'kb-1')!, version: 2, title: 'Better fix' })
    await d.knowledge.putFromSync([learned('kb-3')])
    await d.knowledge.bumpCounters('cloud-support', 'kb-2', { shown: 1 })
    const second = d.knowledge.changes('cloud-support', first.mark)
    expect(second.complete).toBe(false)
    expect(second.entries.map((e) => [e.id, e.title])).toEqual([['kb-1', 'Better fix']])
    expect(d.knowledge.changes('cloud-support', second.mark).entries).toEqual([])

    const other = await KnowledgeStore.open({ dir: join(d.dataDir, 'knowledge'), logger: recordingLogger() })
    open.push(other)
    const fromOther = other.changes('cloud-support', second.mark)
    expect(fromOther.complete).toBe(true)
    expect(fromOther.entries).toHaveLength(3)
  })

  it('a team that does not exist yet: what comes later is a change, unless a sync import wrote it', async () => {
    const d = await make([])
    const before = d.knowledge.changes('cloud-support')
    await d.knowledge.putFromSync([learned('kb-in')])
    await d.knowledge.put(learned('kb-mine'))
    const after = d.knowledge.changes('cloud-support', before.mark)
    expect(after.entries.map((e) => e.id)).toEqual(['kb-mine'])
  })

  it('reads back only what changed since the scan that made the last tree', async () => {
    const d = await make([learned('kb-1'), learned('kb-2'), learned('kb-3')])
    const full = await localState(d.sync.store, d.knowledge, 'cloud-support', emptyTree())
    expect(full).toMatchObject({ looked: 3, changed: 3 })
    await d.knowledge.put({ ...d.knowledge.get('cloud-support', 'kb-2')!, version: 2 })
    const next = await localState(d.sync.store, d.knowledge, 'cloud-support', full.tree, full.mark)
    expect(next).toMatchObject({ looked: 1, changed: 1 })
  })

  it('never sends back what a sync took in, and sends what was learned after it', async () => {
    const a = await make([learned('kb-a1')])
    const b = await make([learned('kb-b1'), learned('kb-b2')])
    const bundle = join(b.dataDir, 'b.bundle')
    await b.sync.exportBundle(bundle)
    await a.sync.importBundle(bundle)
    const afterImport = await a.sync.commitLocal()
    expect(afterImport.changed).toBe(0)

    await a.knowledge.put({ ...a.knowledge.get('cloud-support', 'kb-b1')!, version: 2, title: 'Fixed on A' })
    const learnedAfter = await a.sync.commitLocal()
    expect(learnedAfter.changed).toBe(1)
    const back = join(a.dataDir, 'a.bundle')
    await a.sync.exportBundle(back)
    await b.sync.importBundle(back)
    expect(contents(b)).toEqual(contents(a))
    expect(contents(b)['kb-b1']).toBe('2 active Fixed on A')
  })
})
