/**
 * Fetch and push over git's smart HTTP protocol against system git's http-backend: two desktops exchange knowledge
 * through a server, following a redirect of the repository's URL as git does; a push carries only what the server
 * lacks.
 */
import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startGitHub, type GitHub } from '../../../src/main/eval/bench/gitHub'
import { fileNameForId, prefixOf } from '../../../src/main/engine/sync/entryFile'
import { objectsToSend } from '../../../src/main/engine/sync/pushObjects'
import { contents, learned, hasSystemGit, useDesktops, type Desktop } from './syncFixtures'

const { make, tempDir } = useDesktops()
/** The git server and the redirecting one, stopped before the desktops close. */
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

async function gitServer(): Promise<{ hub: GitHub; repository: string }> {
  const repos = await tempDir()
  execFileSync('git', ['init', '-q', '--bare', '--initial-branch=main', join(repos, 'team.git')])
  const hub = await startGitHub(repos)
  cleanups.push(() => hub.close())
  return { hub, repository: join(repos, 'team.git') }
}

/** Answers every request with a permanent redirect to the same path under `target`'s repository. */
async function redirecting(target: string): Promise<string> {
  const server: Server = createServer((request, response) => {
    const rest = (request.url ?? '/').replace(/^\/moved\/team\.git/, '')
    response.writeHead(301, { location: `${target}${rest}` }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved/team.git`
}

describe.skipIf(!hasSystemGit())('smart HTTP', () => {
  it('follows a redirect of the repository URL for fetch and push, as git does', async () => {
    const { hub, repository } = await gitServer()
    const url = await redirecting(hub.url('team.git'))
    const a = await make([learned('kb-a1'), learned('kb-a2')])
    const b = await make([learned('kb-b1')])
    expect(await a.sync.sync({ url })).toMatchObject({ sent: 2, received: 0 })
    expect(await b.sync.sync({ url })).toMatchObject({ sent: 1, received: 2 })
    expect(await a.sync.sync({ url })).toMatchObject({ received: 1 })
    expect(contents(a)).toEqual(contents(b))
    execFileSync('git', ['--git-dir', repository, 'fsck', '--strict'], { stdio: 'pipe' })
  })

  it('a push sends only what the server lacks: the changed entry, the folders above it and the commit', async () => {
    const a = await make(Array.from({ length: 40 }, (_, i) => learned(`kb-${i}`)))
    const first = await a.sync.commitLocal()
    await a.knowledge.put({ ...a.knowledge.get('cloud-support', 'kb-7')!, version: 2, title: 'Better' })
    const second = await a.sync.commitLocal()
    const sent = await objectsToSend(a.sync.store, second.head!, [first.head!])
    expect(sent).toHaveLength(5)
    expect(sent).toContain(second.head)
    expect(await objectsToSend(a.sync.store, first.head!, [])).toHaveLength(1 + 1 + 1 + 40 + 1 + foldersOf(a))
  })
})

/** Folders (2-hex-digit prefixes) holding the desktop's entry files. */
function foldersOf(d: Desktop): number {
  return new Set(d.knowledge.entries('cloud-support').map((e) => prefixOf(fileNameForId(e.id)))).size
}
