/**
 * The saved search index (index.bin) is derived data: opening loads it only when it was built from the snapshot on
 * disk, replays the log onto it, and otherwise rebuilds from the entries, says why, and saves it again. Whatever the
 * files, search answers from the entries as they are.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus } from '../../../src/shared/contract'
import { call, recordingLogger as engineLogger, resourcesDir } from '../../helpers/engineHarness'
import { makeEntry, makeTempDir, openStore } from './fixtures'

let temp: Awaited<ReturnType<typeof makeTempDir>>
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(async () => {
  await temp.remove()
})

const team = 'cloud-support'
const gateway = makeEntry({
  id: 'gateway',
  title: 'Gateway handshake fails',
  problem: 'TLS handshake to gateway'
})
const printer = makeEntry({ id: 'printer', title: 'Printer offline', problem: 'Print server unreachable' })
const quota = makeEntry({ id: 'quota', title: 'Disk quota exceeded', problem: 'Uploads fail at quota' })

async function ids(store: KnowledgeStore, query: string, statuses: Array<'active' | 'retired'> = ['active']) {
  return (await store.search(team, query, { limit: 10, statuses })).map((hit) => hit.entry.id).sort()
}

/** A store whose snapshot and index.bin hold gateway, printer, quota (printer with a like). */
async function compactedStore(): Promise<void> {
  const store = await openStore(temp.dir)
  for (const entry of [gateway, printer, quota]) await store.put(entry)
  await store.bumpCounters(team, 'printer', { liked: 1 })
  await store.compact(team)
  await store.close()
}

const folder = () => join(temp.dir, team)

describe('saved search index', () => {
  it('opens from index.bin, reads entries back from disk, and replays the log onto the loaded index', async () => {
    await compactedStore()
    const store = await openStore(temp.dir)
    expect(store.indexNotes()).toEqual([])
    expect(await ids(store, 'gateway')).toEqual(['gateway'])
    expect(store.get(team, 'printer')).toEqual({ ...printer, counters: { ...printer.counters, liked: 1 } })
    // Changes after the snapshot live in the log only.
    await store.put({ ...gateway, version: 2, title: 'Proxy blocks tunnel', problem: 'Proxy in the way' })
    await store.put({ ...quota, version: 2, status: 'retired' })
    await store.put(makeEntry({ id: 'vpn', title: 'VPN drops', problem: 'Tunnel resets hourly' }))
    await store.bumpCounters(team, 'printer', { shown: 3 })
    await store.close()

    const reopened = await openStore(temp.dir)
    expect(reopened.indexNotes()).toEqual([])
    expect(await ids(reopened, 'gateway')).toEqual([])
    expect(await ids(reopened, 'tunnel')).toEqual(['gateway', 'vpn'])
    expect(await ids(reopened, 'quota')).toEqual([])
    expect(await ids(reopened, 'quota', ['retired'])).toEqual(['quota'])
    expect(reopened.get(team, 'printer')?.counters).toMatchObject({ liked: 1, shown: 3 })
    expect(reopened.entries(team).map((entry) => entry.id)).toEqual(['gateway', 'printer', 'quota', 'vpn'])
    expect(reopened.entries(team, { statuses: ['retired'] }).map((entry) => entry.id)).toEqual(['quota'])
    await reopened.close()
  })

  it('rebuilds a missing or damaged index from the entries, says why, and saves it again', async () => {
    await compactedStore()
    const index = join(folder(), 'index.bin')
    const bytes = await readFile(index)
    const middle = bytes.length >> 1
    bytes[middle] = bytes[middle]! ^ 0xff
    await writeFile(index, bytes)

    const store = await openStore(temp.dir)
    expect(store.indexNotes()).toEqual([
      { team, message: 'search index rebuilt from the entries: index.bin damaged (checksum mismatch)' }
    ])
    expect(await ids(store, 'printer')).toEqual(['printer'])
    await store.close()

    const again = await openStore(temp.dir)
    expect(again.indexNotes()).toEqual([])
    expect(await ids(again, 'quota')).toEqual(['quota'])
    await again.close()
  })

  it('never believes an index built from another snapshot (a crash between the two writes)', async () => {
    await compactedStore()
    const old = join(temp.root, 'index-of-the-first-snapshot.bin')
    await copyFile(join(folder(), 'index.bin'), old)
    const store = await openStore(temp.dir)
    await store.put({ ...gateway, version: 2, title: 'Proxy blocks tunnel', problem: 'Proxy in the way' })
    await store.compact(team)
    await store.close()
    // As if the process died after renaming the new snapshot and before renaming the new index.
    await copyFile(old, join(folder(), 'index.bin'))

    const reopened = await openStore(temp.dir)
    expect(reopened.indexNotes()[0]?.message).toBe(
      'search index rebuilt from the entries: index.bin was built from another snapshot.jsonl'
    )
    expect(await ids(reopened, 'gateway')).toEqual([])
    expect(await ids(reopened, 'proxy')).toEqual(['gateway'])
    await reopened.close()
  })

  it('names a rebuilt index in the engine status', async () => {
    await compactedStore()
    await writeFile(join(folder(), 'index.bin'), 'not an index')
    const host = createNodeHost({ dataDir: temp.root, resourcesDir, logger: engineLogger(), env: {} })
    const engine = createEngine(host, { source: { kind: 'none' } })
    const status = await call<EngineStatus>(engine, 'engine.status')
    expect(status.warnings).toContain(
      'Knowledge of team "cloud-support": search index rebuilt from the entries: index.bin not an index file'
    )
    await engine.stop()
  })

  it('keeps only the last 1,000 entries used parsed in memory; the others are read back from disk', async () => {
    const store = await openStore(temp.dir)
    const many = Array.from({ length: 1001 }, (_, i) =>
      makeEntry({ id: `e${i}`, title: `Entry number ${i}` })
    )
    await Promise.all(many.map((entry) => store.put(entry)))
    await store.compact(team)
    await store.close()

    const reopened = await openStore(temp.dir)
    const first = reopened.get(team, 'e0')
    expect(first).toEqual(many[0])
    expect(reopened.get(team, 'e0')).toBe(first)
    for (const entry of many.slice(1)) expect(reopened.get(team, entry.id)).toEqual(entry)
    const again = reopened.get(team, 'e0')
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
    await reopened.close()
  })
})
