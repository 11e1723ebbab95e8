/**
 * Two Vigil processes on one data folder never sync the same team repository at once: while `vigil sync` (a real
 * second process) holds it, this process's sync, bundle import or export is refused with SYNC_BUSY naming the
 * holder, and nothing changes; once it is done, the same call works. A lock left by a process that died is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { VigilError } from '../../../src/shared/errors'
import { withSyncLock } from '../../../src/main/engine/sync/syncLock'
import { repoRoot } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'
import { contents, desktop, learned, type Desktop } from './syncFixtures'

const tempDir = useTempDirs()
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')
const cliEntry = join(repoRoot, 'tests', 'helpers', 'vigilCliEntry.ts')
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A "git server" that takes requests and answers none until released: a sync against it hangs in its fetch. */
async function hangingServer(): Promise<{ url: string; asked: Promise<void>; release(): void }> {
  const waiting: ServerResponse[] = []
  let asked!: () => void
  const first = new Promise<void>((resolve) => (asked = resolve))
  const server: Server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    waiting.push(response)
    asked()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const release = (): void => {
    for (const response of waiting.splice(0)) response.writeHead(404).end('no such repository')
  }
  cleanups.push(() => {
    release()
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/team.git`, asked: first, release }
}

function cli(args: string[]): {
  child: ChildProcess
  exited: Promise<{ code: number | null; stderr: string }>
} {
  const child = spawn(process.execPath, ['--import', tsx, cliEntry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout!.resume()
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr }))
  )
  cleanups.push(() => void child.kill('SIGKILL'))
  return { child, exited }
}

async function refusal(work: Promise<unknown>): Promise<VigilError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(VigilError)
  return error as VigilError
}

describe('one sync per team repository across processes', () => {
  it('refuses this process while `vigil sync` in another holds the team, then works once it is done', async () => {
    const dataDir = await tempDir()
    const here: Desktop = await desktop(dataDir, [learned('kb-1')])
    cleanups.push(() => here.knowledge.close())
    const other: Desktop = await desktop(await tempDir(), [learned('kb-2')])
    cleanups.push(() => other.knowledge.close())
    const bundle = join(other.dataDir, 'other.bundle')
    await other.sync.exportBundle(bundle)

    const server = await hangingServer()
    const second = cli(['sync', '--data-dir', dataDir, '--team', 'cloud-support', '--remote', server.url])
    await server.asked
    const lock = join(dataDir, 'sync', 'cloud-support.lock')
    expect(existsSync(lock)).toBe(true)

    const busy = await refusal(here.sync.importBundle(bundle))
    expect(busy.code).toBe('SYNC_BUSY')
    expect(busy.message).toMatch(
      new RegExp(
        `^The knowledge of team "cloud-support" is being synced by another Vigil process \\(vigilCliEntry sync, pid ${second.child.pid}\\) since \\d\\d:\\d\\d:\\d\\d UTC; nothing was changed`
      )
    )
    expect((await refusal(here.sync.exportBundle(join(dataDir, 'out.bundle')))).code).toBe('SYNC_BUSY')
    expect(Object.keys(contents(here))).toEqual(['kb-1'])

    server.release()
    const done = await second.exited
    expect(done.stderr).toMatch(/HTTP 404/)
    expect(existsSync(lock)).toBe(false)
    expect(await here.sync.importBundle(bundle)).toMatchObject({ received: 1, merged: 1 })
    expect(Object.keys(contents(here)).sort()).toEqual(['kb-1', 'kb-2'])
  }, 60_000)

  it('refuses a second sync of the same team inside one process too', async () => {
    const dir = await tempDir()
    const file = join(dir, 'team.lock')
    let release!: () => void
    const holding = withSyncLock(file, 'Team T', () => new Promise<void>((resolve) => (release = resolve)))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const busy = await refusal(withSyncLock(file, 'Team T', async () => 'ran'))
    expect(busy.message).toMatch(/^Team T is being synced by another sync in this Vigil process/)
    release()
    await holding
    expect(await withSyncLock(file, 'Team T', async () => 'ran')).toBe('ran')
  })

  it('takes over a lock left by a process that no longer runs', async () => {
    const dataDir = await tempDir()
    const here = await desktop(dataDir, [learned('kb-1')])
    cleanups.push(() => here.knowledge.close())
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => dead.on('exit', resolve))
    await mkdir(join(dataDir, 'sync'), { recursive: true })
    const holder = {
      pid: dead.pid,
      host: hostname(),
      command: 'vigil serve',
      since: '2026-12-02T08:00:00.000Z'
    }
    await writeFile(join(dataDir, 'sync', 'cloud-support.lock'), JSON.stringify(holder))
    const out = await here.sync.exportBundle(join(dataDir, 'a.bundle'))
    expect(out.entries).toBe(1)
    expect(existsSync(join(dataDir, 'sync', 'cloud-support.lock'))).toBe(false)
  })
})
