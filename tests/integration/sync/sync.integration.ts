/**
 * Team knowledge sync against a real git server on loopback: lighttpd + `git http-backend` with basic auth, two
 * desktops (data dirs) that each replayed a disjoint half of the demo through the real engine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { runSync } from '../../../src/main/cli/commands/sync'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { call, demoCases, recordingLogger, resourcesDir, runToEnd } from '../../helpers/engineHarness'
import { createEngine } from '../../../src/main/engine/createEngine'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import { saveRemote } from '../../../src/main/engine/sync/syncConfig'
import { SyncService } from '../../../src/main/engine/sync/syncService'
import type { EngineStatus } from '../../../src/shared/contract'
import { createGitServer, gitServerUnavailable, removeGitServer, type GitServer } from './gitServer'
import { startKillingProxy } from './killingProxy'

const team = 'cloud-support'
const unavailable = await gitServerUnavailable()
if (unavailable) console.warn(`sync integration test skipped: ${unavailable}`)

/** A's half learns NIM-1004 (CSV export); B's half holds nothing of that family, and NIM-1014 is replayed on B after. */
const halfA = demoCases().filter((c) => c.id <= 'NIM-1013')
const halfB = demoCases().filter((c) => c.id > 'NIM-1014' && c.id !== 'NIM-1024')
const checkCase = demoCases().filter((c) => c.id === 'NIM-1014')

describe.skipIf(unavailable !== undefined)('team knowledge sync through a real git server', () => {
  let server: GitServer
  let url: string
  let dirA: string
  let dirB: string
  const env = (): NodeJS.ProcessEnv => ({
    VIGIL_SYNC_USERNAME: server.user,
    VIGIL_SYNC_PASSWORD: server.password
  })

  async function cli(dataDir: string, args: string[], environment = env()): Promise<Record<string, number>> {
    let out = ''
    const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true } }
    await runSync(['--data-dir', dataDir, '--json', ...args], io, environment)
    return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>
  }

  async function withStore<T>(dataDir: string, use: (store: KnowledgeStore) => Promise<T>): Promise<T> {
    const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
    try {
      return await use(store)
    } finally {
      await store.close()
    }
  }

  async function replay(dataDir: string, cases: ReturnType<typeof demoCases>, name: string) {
    const file = join(dataDir, `${name}.json`)
    await writeFile(file, JSON.stringify({ version: 1, description: name, cases }))
    const harness = await runToEnd(dataDir, { kind: 'demo', speed: 'max', file })
    await harness.engine.stop()
    return harness
  }

  const ids = (dataDir: string): Promise<string[]> =>
    withStore(dataDir, async (store) =>
      store
        .entries(team)
        .map((e) => e.id)
        .sort()
    )

  beforeAll(async () => {
    server = await createGitServer()
    url = await server.createRepo('cloud-support.git')
    // Shared by the tests in order (a temp folder per test would be removed in between).
    dirA = await mkdtemp(join(tmpdir(), 'vigil-sync-a-'))
    dirB = await mkdtemp(join(tmpdir(), 'vigil-sync-b-'))
    await replay(dirA, halfA, 'half-a')
    await replay(dirB, halfB, 'half-b')
  })
  afterAll(async () => {
    if (server) await removeGitServer(server)
    await Promise.all([dirA, dirB].map((dir) => dir && rm(dir, { recursive: true, force: true })))
  })

  it('each desktop ends with what the other learned, and B cites A-learned knowledge on a new ticket', async () => {
    const learnedA = await ids(dirA)
    const learnedB = await ids(dirB)
    expect(learnedA).toContain('kb-NIM-1004')
    expect(learnedB).not.toContain('kb-NIM-1004')
    const first = await cli(dirA, ['--team', team, '--remote', url])
    expect(first).toMatchObject({ sent: learnedA.length, received: 0 })
    const second = await cli(dirB, ['--team', team, '--remote', url])
    expect(second).toMatchObject({
      sent: learnedB.length,
      received: learnedA.length,
      merged: learnedA.length
    })
    const third = await cli(dirA, [])
    expect(third).toMatchObject({ received: learnedB.length, merged: learnedB.length, sent: 0 })
    expect(await ids(dirA)).toEqual(await ids(dirB))
    expect(await ids(dirA)).toEqual([...new Set([...learnedA, ...learnedB])].sort())
    // The remote URL is kept without credentials, and nothing secret is in the sync repository's config.
    const config = await readFile(join(dirB, 'sync', 'cloud-support.git', 'config'), 'utf8')
    expect(config).not.toContain(server.password)
    expect(config).not.toContain(url)

    const harness = await replay(dirB, checkCase, 'check')
    const cards = harness.activity.flatMap((a) =>
      a.type === 'suggestion' && a.suggestion.ticketId === 'NIM-1014' ? [a.suggestion] : []
    )
    expect(cards.flatMap((card) => card.citations.map((c) => c.entryId))).toContain('kb-NIM-1004')
  })

  it('conflicting edits of one entry converge to the same winner, with the loser kept for review', async () => {
    const edit = (dataDir: string, title: string, updatedAt: string) =>
      withStore(dataDir, async (store) => {
        const current = store.get(team, 'kb-NIM-1001') as KnowledgeEntry
        await store.put({ ...current, title, version: current.version + 1, updatedAt })
      })
    await edit(dirA, 'SSO fix as corrected on A', '2026-04-01T10:00:00.000Z')
    await edit(dirB, 'SSO fix as corrected on B', '2026-04-01T11:00:00.000Z')
    await cli(dirA, [])
    expect(await cli(dirB, [])).toMatchObject({ conflicts: 1 })
    await cli(dirA, [])
    for (const dir of [dirA, dirB]) {
      await withStore(dir, async (store) => {
        expect(store.get(team, 'kb-NIM-1001')?.title).toBe('SSO fix as corrected on B')
        expect((await store.history(team, 'kb-NIM-1001')).map((e) => e.title)).toContain(
          'SSO fix as corrected on A'
        )
        const conflicts = await new TeamSync(dir, team, store, { now: () => new Date() }).conflicts()
        expect(conflicts.map((c) => [c.id, c.loser.title])).toEqual([
          ['kb-NIM-1001', 'SSO fix as corrected on A']
        ])
      })
    }
  })

  it('says clearly when the server refuses the credentials (401) and when the URL is no git server', async () => {
    await expect(
      cli(dirA, [], { VIGIL_SYNC_USERNAME: server.user, VIGIL_SYNC_PASSWORD: 'wrong' })
    ).rejects.toThrow(/refused the credentials \(HTTP 401\)/)
    await expect(cli(dirA, [], {})).rejects.toThrow(/HTTP 401/)
    await expect(
      cli(dirA, ['--team', team, '--remote', `http://127.0.0.1:${server.port}/not-git/`])
    ).rejects.toThrow(/answered HTTP 404|not a git server/)
    await cli(dirA, ['--team', team, '--remote', url])
  })

  it('a server killed mid-push loses nothing, and the next sync completes', async () => {
    const proxy = await startKillingProxy(server.port)
    try {
      const proxied = url.replace(`:${server.port}/`, `:${proxy.port}/`)
      const before = await ids(dirA)
      await withStore(dirA, async (store) => {
        const template = store.get(team, 'kb-NIM-1004') as KnowledgeEntry
        for (let i = 0; i < 50; i += 1) {
          await store.put({ ...template, id: `kb-bulk-${i}`, title: `Bulk entry ${i}`, version: 1 })
        }
      })
      const killed = proxy.armKill(() => server.stop())
      await expect(cli(dirA, ['--team', team, '--remote', proxied])).rejects.toThrow(/Cannot push to/)
      await killed
      expect(await ids(dirA)).toEqual(
        [...before, ...Array.from({ length: 50 }, (_, i) => `kb-bulk-${i}`)].sort()
      )
      await server.start()
      expect(await cli(dirA, [])).toMatchObject({ sent: 50 })
      expect(await cli(dirB, [])).toMatchObject({ received: 50, merged: 50 })
      expect(await ids(dirB)).toEqual(await ids(dirA))
    } finally {
      await proxy.close()
    }
  })

  it('a push that loses the race to another desktop is fetched, merged and pushed again', async () => {
    const proxy = await startKillingProxy(server.port)
    try {
      const proxied = url.replace(`:${server.port}/`, `:${proxy.port}/`)
      const add = (dir: string, id: string) =>
        withStore(dir, async (store) => {
          await store.put({ ...(store.get(team, 'kb-NIM-1004') as KnowledgeEntry), id, title: `Race ${id}` })
        })
      await add(dirA, 'kb-race-a')
      await add(dirB, 'kb-race-b')
      // B has fetched and merged; its push waits until A has pushed kb-race-a, so B's push is refused.
      const held = proxy.armBeforePush(async () => {
        expect(await cli(dirA, ['--team', team, '--remote', url])).toMatchObject({ sent: 1 })
      })
      const raced = await cli(dirB, ['--team', team, '--remote', proxied])
      await held
      expect(raced.retries).toBe(1)
      expect(raced).toMatchObject({ sent: 1, received: 1 })
      await cli(dirA, [])
      expect(await ids(dirA)).toEqual(await ids(dirB))
      expect(await ids(dirA)).toEqual(expect.arrayContaining(['kb-race-a', 'kb-race-b']))
      await cli(dirB, ['--team', team, '--remote', url])
    } finally {
      await proxy.close()
    }
  })

  it('a running engine pulls on start, shows it in its status, and pushes what it learned before it stops', async () => {
    const dirC = await mkdtemp(join(tmpdir(), 'vigil-sync-c-'))
    try {
      await saveRemote(dirC, team, url)
      const file = join(dirC, 'check.json')
      await writeFile(file, JSON.stringify({ version: 1, description: 'check', cases: checkCase }))
      const host = createNodeHost({
        dataDir: dirC,
        resourcesDir,
        logger: recordingLogger(),
        env: {
          VIGIL_SECRET_SYNC_CLOUD_SUPPORT_USERNAME: server.user,
          VIGIL_SECRET_SYNC_CLOUD_SUPPORT_PASSWORD: server.password
        }
      })
      const engine = createEngine(host, { source: { kind: 'demo', speed: 'max', file } })
      await engine.start()
      await engine.whenSourceIdle()
      let status = await call<EngineStatus>(engine, 'engine.status')
      for (let i = 0; i < 200 && !status.sync?.[0]?.lastSyncAt; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        status = await call<EngineStatus>(engine, 'engine.status')
      }
      const expected = (await ids(dirA)).length
      expect(status.sync?.[0]).toMatchObject({ team, state: 'idle', lastError: null, conflicts: 1 })
      expect(status.sync?.[0]?.summary).toMatch(
        new RegExp(`^${expected} entries from the team in the last 24 hours$`)
      )
      expect(status.sync?.[0]?.incoming[0]?.by).toBeDefined()
      expect(status.knowledgeEntries).toBeGreaterThanOrEqual(expected)
      await engine.stop()
      await cli(dirA, ['--team', team, '--remote', url])
      // Learning noted just before a stop is pushed by the stop (the debounce would otherwise lose it).
      await withStore(dirC, async (store) => {
        const service = new SyncService({
          dataDir: dirC,
          knowledge: store,
          secrets: host.secrets,
          clock: { now: () => new Date() },
          logger: recordingLogger(),
          onImported: () => undefined,
          onStatus: () => undefined
        })
        await service.start()
        await service.syncNow(team)
        await store.put({
          ...(store.get(team, 'kb-NIM-1004') as KnowledgeEntry),
          id: 'kb-late',
          title: 'Learned just before quitting'
        })
        service.noteLearned(team)
        await service.stop()
      })
      expect(await cli(dirA, [])).toMatchObject({ received: 1, merged: 1 })
      expect(await ids(dirA)).toContain('kb-late')
    } finally {
      await rm(dirC, { recursive: true, force: true })
    }
  })
})
