/**
 * The sync routes over `vigil serve`'s HTTP contract with a real engine: a remote URL holding credentials is refused
 * in words and nothing is saved; credentials go to the secret store (never to remotes.json or the repository's
 * config, never back to the page); a remote that is not a git server shows as an error in words after "sync now";
 * a bundle comes out as bytes and goes into another engine; a bundle larger than the old 1 MiB body limit reaches
 * the engine (and a damaged one is named, nothing imported).
 */
import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncRemoteView } from '../../src/shared/syncContract'
import type { KnowledgeEntry } from '../../src/shared/domain'
import type { Result } from '../../src/shared/errors'
import { KnowledgeStore } from '../../src/main/engine/knowledge/knowledgeStore'
import { startServeHost, type ServeHost } from '../../src/main/serve/httpServer'
import { buildEngine } from '../helpers/engineHarness'
import { useTempDirs } from '../helpers/tempDir'
import { recordingLogger } from '../engine/knowledge/fixtures'
import { learned } from '../engine/sync/syncFixtures'
import { send } from './httpClient'
import { startFixture } from './serveFixture'

const team = 'cloud-support'
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Served {
  dataDir: string
  call<T>(route: string, input: unknown): Promise<Result<T>>
}

async function served(entries: KnowledgeEntry[] = []): Promise<Served> {
  const dataDir = await tempDir()
  const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  for (const entry of entries) await store.put(entry)
  await store.close()
  const { engine } = buildEngine(dataDir, { kind: 'none' })
  await engine.start()
  const rendererDir = await tempDir()
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html>')
  const server: ServeHost = await startServeHost({ engine, rendererDir })
  cleanups.push(async () => {
    await server.close()
    await engine.stop()
  })
  return {
    dataDir,
    async call<T>(route: string, input: unknown) {
      const reply = await send(server.port, '/api/call', {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ route, input })
      })
      expect(reply.status).toBe(200)
      return JSON.parse(reply.body) as Result<T>
    }
  }
}

async function value<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`)
  return settled.value
}

describe('sync routes over vigil serve', () => {
  it('refuses a URL with credentials in words and saves nothing; stores credentials only in the secret store', async () => {
    const app = await served()
    const refused = await app.call('sync.setRemote', {
      team,
      url: 'https://ana:hunter2@git.example.com/team.git'
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(!refused.ok && refused.error.message).toMatch(
      /URL holds credentials \(a user name or password before the @\): remove them from the URL and give them apart/
    )
    expect(existsSync(join(app.dataDir, 'sync', 'remotes.json'))).toBe(false)

    const notUrl = await app.call('sync.setRemote', { team, url: 'git.example.com/team' })
    expect(!notUrl.ok && notUrl.error.message).toBe('The sync remote "git.example.com/team" is not a URL')

    const view = await value(
      app.call<SyncRemoteView>('sync.setRemote', {
        team,
        url: 'http://127.0.0.1:9/team.git',
        username: 'ana',
        password: 'hunter2'
      })
    )
    expect(view).toMatchObject({
      team,
      url: 'http://127.0.0.1:9/team.git',
      username: 'ana',
      hasPassword: true
    })
    expect(JSON.stringify(view)).not.toContain('hunter2')
    expect(readFileSync(join(app.dataDir, 'sync', 'remotes.json'), 'utf8')).not.toContain('hunter2')
    const listed = await value(app.call<SyncRemoteView[]>('sync.remotes', {}))
    expect(listed.find((item) => item.team === team)).toMatchObject({ username: 'ana', hasPassword: true })

    const forgotten = await value(app.call<SyncRemoteView>('sync.setRemote', { team, url: '' }))
    expect(forgotten).toMatchObject({ url: null, username: null, hasPassword: false })
  })

  it('shows a remote that is not a git server, and one that refuses the credentials, as errors in words', async () => {
    const app = await served([learned('kb-1')])
    const web = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Intranet</title>')
    })
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => web.close(() => resolve())))
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/team.git`
    await value(app.call('sync.setRemote', { team, url, username: 'ana', password: 'hunter2' }))
    const after = await value(app.call<SyncRemoteView>('sync.now', { team }))
    expect(after.status).toMatchObject({ state: 'error', lastSyncAt: null })
    expect(after.status.lastError).toBe(
      `${url} is not a git server: it answered with a web page, not git. Check the URL: it must be the repository's own URL, which usually ends in .git`
    )
    const config = join(app.dataDir, 'sync', `${team}.git`, 'config')
    expect(readFileSync(config, 'utf8')).not.toMatch(/127\.0\.0\.1|hunter2|ana/)

    // vigil serve's own API wants its token: to a sync, a server that answers 401.
    const guarded = await startFixture()
    cleanups.push(() => guarded.close())
    const guardedUrl = `http://127.0.0.1:${guarded.server.port}/team.git`
    await value(app.call('sync.setRemote', { team, url: guardedUrl }))
    const refused = await value(app.call<SyncRemoteView>('sync.now', { team }))
    expect(refused.status.lastError).toBe(
      `The sync server ${guardedUrl} refused the credentials (HTTP 401): check the user name and password in the team's sync settings`
    )
  })

  it('moves a bundle out of one engine and into another as bytes; a large damaged one is named, nothing imported', async () => {
    const a = await served([
      learned('kb-a1'),
      learned('kb-a2', { provenance: [{ kind: 'learned', at: '2026-03-02T09:15:00.000Z', by: 'Bea' }] })
    ])
    const b = await served([learned('kb-b1')])
    const out = await value(
      a.call<{ fileName: string; data: string; bytes: number; entries: number }>('sync.exportBundle', {
        team
      })
    )
    expect(out).toMatchObject({ entries: 2 })
    expect(out.fileName).toMatch(/^cloud-support-\d{4}-\d\d-\d\d\.bundle$/)
    expect(Buffer.from(out.data, 'base64').subarray(0, 16).toString()).toBe('# v2 git bundle\n')
    const imported = await value(b.call('sync.importBundle', { fileName: out.fileName, data: out.data }))
    expect(imported).toMatchObject({ team, received: 2, merged: 2, conflicts: 0 })
    expect(imported).toMatchObject({
      incoming: expect.arrayContaining([{ id: 'kb-a2', title: 'Fix for kb-a2', by: 'Bea' }])
    })
    const status = await value(b.call<SyncRemoteView[]>('sync.remotes', {}))
    expect(status.find((item) => item.team === team)?.status.summary).toBe(
      '2 entries from the team in the last 24 hours'
    )

    const damaged = Buffer.concat([Buffer.from(out.data, 'base64'), Buffer.alloc(2 * 1024 * 1024, 7)])
    const refused = await b.call('sync.importBundle', {
      fileName: 'big.bundle',
      data: damaged.toString('base64')
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(!refused.ok && refused.error.message).toMatch(
      /^big\.bundle is not a usable git bundle: .*; nothing was imported$/
    )
    const listed = await value(b.call<KnowledgeEntry[]>('knowledge.list', {}))
    expect(listed.map((entry) => entry.id).sort()).toEqual(['kb-a1', 'kb-a2', 'kb-b1'])
  })

  it('keeps each way in apart in the status: a bundle leaves the git server failure as it is; removing the remote clears it', async () => {
    const a = await served([learned('kb-a1')])
    const b = await served([learned('kb-b1')])
    const missing = createServer((_request, response) => response.writeHead(404).end('Not found'))
    await new Promise<void>((resolve) => missing.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => missing.close(() => resolve())))
    const url = `http://127.0.0.1:${(missing.address() as AddressInfo).port}/team.git`
    await value(b.call('sync.setRemote', { team, url }))
    const failed = await value(b.call<SyncRemoteView>('sync.now', { team }))
    expect(failed.status).toMatchObject({ state: 'error', lastSyncAt: null, lastBundleAt: null })
    expect(failed.status.lastError).toMatch(/404/)
    expect(failed.status.lastFailedAt).toEqual(expect.any(String))

    const out = await value(a.call<{ fileName: string; data: string }>('sync.exportBundle', { team }))
    await value(b.call('sync.importBundle', { fileName: out.fileName, data: out.data }))
    const [afterBundle] = (await value(b.call<SyncRemoteView[]>('sync.remotes', {}))).filter(
      (item) => item.team === team
    )
    // The bundle came in (its own time); the git server still failed, and is not said to have synced.
    expect(afterBundle!.status).toMatchObject({
      lastSyncAt: null,
      lastBundleAt: expect.any(String),
      lastError: failed.status.lastError,
      summary: '1 entry from the team in the last 24 hours'
    })

    const removed = await value(b.call<SyncRemoteView>('sync.setRemote', { team, url: '' }))
    expect(removed.status).toMatchObject({ state: 'idle', lastError: null, lastFailedAt: null })
    expect(removed.status.lastBundleAt).toBe(afterBundle!.status.lastBundleAt)
  })
})
