/**
 * The Sync tab's status line counts what came in from the sync history on disk, so a bundle taken in by
 * `vigil sync import` (another process), or before the app restarted, is counted: it said "0 entries from the team in
 * the last 24 hours" after 18 came in that way.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/cli/commands/sync'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { SyncService } from '../../../src/main/engine/sync/syncService'
import {
  arrivedInLastDay,
  emptyHistory,
  incomingInLastDay,
  withArrival
} from '../../../src/main/engine/sync/syncHistory'
import { useTempDirs } from '../../helpers/tempDir'
import { recordingLogger } from '../knowledge/fixtures'
import { learned } from './syncFixtures'

const tempDir = useTempDirs()
const team = 'cloud-support'

async function cli(args: string[]): Promise<void> {
  const io = { stdout: { write: () => true }, stderr: { write: () => true } }
  await runSync(args, io, {})
}

async function service(dataDir: string, clock = { now: () => new Date() }) {
  const knowledge = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  const sync = new SyncService({
    dataDir,
    knowledge,
    secrets: { get: async () => null, set: async () => undefined, delete: async () => undefined },
    clock,
    logger: recordingLogger(),
    onImported: () => undefined,
    onStatus: () => undefined
  })
  await sync.start()
  return { sync, knowledge }
}

describe('the sync status counts what came in, whichever process took it in', () => {
  it('a bundle imported from the command line shows in the app started after, and in one already running', async () => {
    const a = await tempDir()
    const store = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    for (let i = 0; i < 18; i++) await store.put(learned(`kb-${i}`))
    await store.close()
    const first = join(a, 'first.bundle')
    await cli(['export', '--data-dir', a, '--out', first])

    const b = await tempDir()
    const running = await service(b)
    await cli(['import', first, '--data-dir', b])
    const started = await service(b)
    const status = started.sync.status()?.find((item) => item.team === team)
    expect(status?.summary).toBe('18 entries from the team in the last 24 hours')
    expect(status?.lastBundleAt).toEqual(expect.any(String))
    expect(status?.incoming).toHaveLength(18)
    expect(status?.incoming[0]).toMatchObject({ title: expect.stringMatching(/^Fix for kb-/), by: 'Ana' })

    // The app that was running meanwhile counts the command line's 18 with the 1 it takes in itself.
    const more = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    await more.put(learned('kb-new'))
    await more.close()
    const next = join(a, 'next.bundle')
    await cli(['export', '--data-dir', a, '--out', next, '--since', first])
    await running.sync.importBundle(await readFile(next), 'next.bundle')
    const after = running.sync.status()?.find((item) => item.team === team)
    expect(after?.summary).toBe('19 entries from the team in the last 24 hours')
    expect(after?.incoming[0]).toMatchObject({ id: 'kb-new' })
    expect(after?.incoming).toHaveLength(19)
    for (const opened of [running, started]) {
      await opened.sync.stop()
      await opened.knowledge.close()
    }
  })

  it('counts every entry of the last 24 hours, not only the 20 it lists, and forgets older arrivals', () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour))
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `kb-${i}`, title: `T${i}` }))
    let history = withArrival(emptyHistory(), 'remote', at(0), many)
    history = withArrival(history, 'bundle', at(12), [{ id: 'kb-x', title: 'X' }])
    expect(history.incoming).toHaveLength(20)
    expect(history.incoming[0]?.id).toBe('kb-x')
    expect(arrivedInLastDay(history, at(13))).toBe(26)
    expect(arrivedInLastDay(history, at(25))).toBe(1)
    expect(history.lastSyncAt).toBe(at(0).toISOString())
    expect(history.lastBundleAt).toBe(at(12).toISOString())
  })

  it('lists and counts only what came in during the last 24 hours of its own clock, not later on another', () => {
    const at = (month: number, hour: number) => new Date(Date.UTC(2026, month, 3, hour))
    // Taken in at the computer's time (December), then read beside a demo playing in March.
    const history = withArrival(emptyHistory(), 'bundle', at(11, 16), [{ id: 'kb-1', title: 'One' }])
    expect(incomingInLastDay(history, at(11, 17))).toHaveLength(1)
    expect(incomingInLastDay(history, at(2, 11))).toEqual([])
    expect(arrivedInLastDay(history, at(2, 11))).toBe(0)
  })

  it('stamps a bundle taken in from the command line with the demo clock of a folder the demo plays in', async () => {
    const a = await tempDir()
    const store = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    await store.put(learned('kb-1'))
    await store.close()
    const bundle = join(a, 'one.bundle')
    await cli(['export', '--data-dir', a, '--out', bundle])
    const logged = (connectorId: string, time: string) =>
      JSON.stringify({
        connectorId,
        event: { eventId: `m-${time}`, type: 'ticket.resolved', ticketId: 'NIM-1', at: time }
      })
    const history = async (dir: string) =>
      JSON.parse(await readFile(join(dir, 'sync', `${team}.history.json`), 'utf8')) as {
        lastBundleAt: string
      }

    const demo = await tempDir()
    const demoTimes = ['2026-03-02T09:14:00.000Z', '2026-03-02T11:10:00.000Z']
    await writeFile(join(demo, 'events.jsonl'), demoTimes.map((time) => `${logged('demo', time)}\n`).join(''))
    await cli(['import', bundle, '--data-dir', demo])
    expect((await history(demo)).lastBundleAt).toBe('2026-03-02T11:10:00.000Z')
    const shown = await service(demo, { now: () => new Date('2026-03-02T11:20:00.000Z') })
    const status = shown.sync.status()?.find((item) => item.team === team)
    expect(status?.incoming).toHaveLength(1)
    await shown.sync.stop()
    await shown.knowledge.close()

    // A folder fed by a connection keeps the computer's clock.
    const live = await tempDir()
    await writeFile(join(live, 'events.jsonl'), `${logged('zendesk-1', '2026-03-02T11:10:00.000Z')}\n`)
    await cli(['import', bundle, '--data-dir', live])
    expect(Math.abs(Date.parse((await history(live)).lastBundleAt) - Date.now())).toBeLessThan(60_000)
  })
})
