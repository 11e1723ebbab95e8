import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/index'
import { runSync } from '../../../src/main/cli/commands/sync'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { readRemotes } from '../../../src/main/engine/sync/syncConfig'
import { startGitHub } from '../../../src/main/eval/bench/gitHub'
import { useTempDirs } from '../../helpers/tempDir'
import { recordingLogger } from '../knowledge/fixtures'
import { learned } from './syncFixtures'

const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

function hasSystemGit(): boolean {
  try {
    execFileSync('git', ['--version'])
    return true
  } catch {
    return false
  }
}

/** A server that answers every request 401 (wrong credentials). */
async function refusing(): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('Unauthorized')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/team.git`
}

async function cli(args: string[]): Promise<string> {
  let out = ''
  const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true } }
  await runSync(args, io, {})
  return out
}

async function seed(dataDir: string, ids: string[]): Promise<void> {
  const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  for (const id of ids) await store.put(learned(id))
  await store.close()
}

async function ids(dataDir: string): Promise<string[]> {
  const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  const found = store.entries('cloud-support').map((entry) => entry.id)
  await store.close()
  return found.sort()
}

describe('vigil sync export / import', () => {
  it('moves a team through a bundle file; the same file again changes nothing', async () => {
    const a = await tempDir()
    const b = await tempDir()
    await seed(a, ['kb-1', 'kb-2'])
    await seed(b, ['kb-3'])
    const file = join(a, 'team.bundle')
    expect(await cli(['export', '--team', 'cloud-support', '--data-dir', a, '--out', file])).toMatch(
      /Wrote 2 entries of team "cloud-support"/
    )
    const imported = await cli(['import', file, '--data-dir', b])
    expect(imported).toMatch(
      /^Team "cloud-support": 2 new entries from the team \(Fix for kb-[12]; Fix for kb-[12]\) \(\d+ ms\)\n$/
    )
    expect(imported).not.toMatch(/sent|received|merged/)
    expect(JSON.parse(await cli(['import', file, '--data-dir', b, '--json']))).toMatchObject({
      received: 0,
      merged: 0
    })
    expect(await ids(b)).toEqual(['kb-1', 'kb-2', 'kb-3'])
  })

  it('says what an import did in words: new entries, updated ones, nothing new', async () => {
    const a = await tempDir()
    const empty = await tempDir()
    await seed(a, ['kb-1', 'kb-2', 'kb-3'])
    const first = join(a, 'first.bundle')
    await cli(['export', '--data-dir', a, '--out', first])
    expect(await cli(['import', first, '--data-dir', empty])).toMatch(
      /^Team "cloud-support": 3 new entries from the team \(Fix for kb-[123]; Fix for kb-[123]; Fix for kb-[123]\) \(\d+ ms\)\n$/
    )
    const store = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    const edited = store.get('cloud-support', 'kb-2')!
    await store.put({ ...edited, title: 'Printer fixed', version: edited.version + 1 })
    await store.put(learned('kb-4'))
    await store.close()
    const next = join(a, 'next.bundle')
    await cli(['export', '--data-dir', a, '--out', next, '--since', first])
    expect(await cli(['import', next, '--data-dir', empty])).toMatch(
      /^Team "cloud-support": 1 new entry from the team, 1 entry updated by the team \((Printer fixed; Fix for kb-4|Fix for kb-4; Printer fixed)\) \(\d+ ms\)\n$/
    )
    expect(await cli(['import', next, '--data-dir', empty])).toMatch(
      /^Team "cloud-support": nothing new from the team \(\d+ ms\)\n$/
    )
  })

  it('exports the only team of a data folder without --team, and asks which when there are several', async () => {
    const a = await tempDir()
    await seed(a, ['kb-1'])
    const file = join(a, 'only.bundle')
    expect(await cli(['export', '--data-dir', a, '--out', file])).toMatch(
      /^Wrote 1 entry of team "cloud-support" to .*only\.bundle/
    )
    const store = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    await store.put({ ...learned('kb-9'), team: 'billing' })
    await store.close()
    await expect(cli(['export', '--data-dir', a, '--out', file])).rejects.toThrow(
      /holds the knowledge of 2 teams \(billing, cloud-support\): say which to export with --team/
    )
    const none = await tempDir()
    await expect(cli(['export', '--data-dir', none, '--out', join(none, 'x.bundle')])).rejects.toThrow(
      /nothing to export: .* holds no team's knowledge/
    )
  })

  it('a failed import leaves nothing behind: no sync repository, no sync folder, no data folder it made', async () => {
    const a = await tempDir()
    await seed(a, ['kb-1'])
    const first = join(a, 'first.bundle')
    await cli(['export', '--data-dir', a, '--out', first])
    const store = await KnowledgeStore.open({ dir: join(a, 'knowledge'), logger: recordingLogger() })
    await store.put(learned('kb-2'))
    await store.close()
    const next = join(a, 'next.bundle')
    await cli(['export', '--data-dir', a, '--out', next, '--since', first])
    const empty = await tempDir()
    await expect(cli(['import', next, '--data-dir', empty])).rejects.toThrow(/needs an earlier bundle first/)
    expect(await readdir(empty)).toEqual([])
    const made = join(await tempDir(), 'new', 'data')
    await expect(cli(['import', next, '--data-dir', made])).rejects.toThrow(/needs an earlier bundle first/)
    expect(existsSync(join(made, '..'))).toBe(false)
    // A data folder that syncs already keeps its repository and what it took in before.
    const b = await tempDir()
    await cli(['import', first, '--data-dir', b])
    await expect(cli(['import', join(a, 'missing.bundle'), '--data-dir', b])).rejects.toThrow(
      /no bundle file/
    )
    expect(existsSync(join(b, 'sync', 'cloud-support.git', 'HEAD'))).toBe(true)
    expect(await ids(b)).toEqual(['kb-1'])
  })

  it('names an --out it cannot write in words (exit 2), before any work', async () => {
    const a = await tempDir()
    await seed(a, ['kb-1'])
    let err = ''
    const io = { stdout: { write: () => true }, stderr: { write: (text: string) => ((err += text), true) } }
    expect(
      await main(['sync', 'export', '--data-dir', a, '--out', join(a, 'no', 'such', 'x.bundle')], io)
    ).toBe(2)
    expect(err).toBe(
      `vigil sync: Cannot write the bundle ${join(a, 'no', 'such', 'x.bundle')}: the folder ${join(a, 'no', 'such')} does not exist; nothing was exported\n`
    )
    await expect(cli(['export', '--data-dir', a, '--out', a])).rejects.toThrow(
      `Cannot write the bundle ${a}: that is a folder: give a file name, e.g. team.bundle; nothing was exported`
    )
    await writeFile(join(a, 'plain-file'), 'x')
    await expect(
      cli(['export', '--data-dir', a, '--out', join(a, 'plain-file', 'x.bundle')])
    ).rejects.toThrow(`${join(a, 'plain-file')} is not a folder`)
    expect(existsSync(join(a, 'sync'))).toBe(false)
  })

  it.skipIf(process.platform !== 'linux')(
    'says that /proc takes no files rather than that it does not exist; an unreadable --since in words',
    async () => {
      const a = await tempDir()
      await seed(a, ['kb-1'])
      await expect(cli(['export', '--data-dir', a, '--out', '/proc/x.bundle'])).rejects.toThrow(
        'Cannot write the bundle /proc/x.bundle: /proc takes no new files (a folder the system keeps, such as /proc or /sys): choose a folder of your own; nothing was exported'
      )
      const out = join(a, 'x.bundle')
      await expect(
        cli(['export', '--data-dir', a, '--out', out, '--since', join(a, 'earlier.bundle')])
      ).rejects.toThrow(`Cannot read the bundle ${join(a, 'earlier.bundle')}: there is no such file`)
      expect(existsSync(out)).toBe(false)
    }
  )

  it('refuses a bundle for another team than asked, a URL with credentials, and a missing remote', async () => {
    const a = await tempDir()
    await seed(a, ['kb-1'])
    const file = join(a, 'team.bundle')
    await cli(['export', '--team', 'cloud-support', '--data-dir', a, '--out', file])
    await expect(cli(['import', file, '--data-dir', a, '--team', 'billing'])).rejects.toThrow(
      /holds the knowledge of team "cloud-support", not of team "billing"/
    )
    await expect(
      cli(['--data-dir', a, '--team', 'cloud-support', '--remote', 'https://bob:pw@git.example/team.git'])
    ).rejects.toThrow(/holds credentials/)
    await expect(cli(['--data-dir', a])).rejects.toThrow(/no team has a sync remote yet/)
  })

  it('names an unusable data folder, a missing one to export from and a missing bundle file, creating nothing', async () => {
    for (const args of [
      ['export', '--team', 'x', '--data-dir', '/proc/nope', '--out', '/tmp/x.bundle'],
      ['import', '/tmp/b1.bundle', '--data-dir', '/proc/nope'],
      ['--data-dir', '/proc/nope']
    ]) {
      await expect(cli(args)).rejects.toThrow(/cannot be used: folders cannot be created there/)
    }
    const missing = join(await tempDir(), 'nothing', 'here')
    await expect(
      cli(['export', '--team', 'x', '--data-dir', missing, '--out', join(missing, 'x.bundle')])
    ).rejects.toThrow(/no data folder at .*: nothing to export/)
    expect(existsSync(join(missing, '..'))).toBe(false)
    const a = await tempDir()
    await expect(cli(['import', join(a, 'gone.bundle'), '--data-dir', a])).rejects.toThrow(
      /no bundle file at .*gone\.bundle/
    )
  })

  it('says in words that nothing answered at a remote that refuses connections', async () => {
    const a = await tempDir()
    await expect(
      cli(['--data-dir', a, '--team', 'cloud-support', '--remote', 'http://127.0.0.1:9/team.git'])
    ).rejects.toThrow(/nothing answered at 127\.0\.0\.1:9/)
  })

  it.skipIf(!hasSystemGit())(
    "syncs the data folder's only team without --team, and remembers a remote only once a sync with it succeeded",
    async () => {
      const a = await tempDir()
      await seed(a, ['kb-1'])
      const notSaved =
        /was not saved as the remote of team "cloud-support": it is remembered once a sync with it succeeds/
      await expect(cli(['--data-dir', a, '--remote', 'http://127.0.0.1:9/team.git'])).rejects.toThrow(
        /nothing answered at 127\.0\.0\.1:9/
      )
      await expect(cli(['--data-dir', a, '--remote', 'http://127.0.0.1:9/team.git'])).rejects.toThrow(
        notSaved
      )
      const wrongCredentials = await refusing()
      await expect(cli(['--data-dir', a, '--remote', wrongCredentials])).rejects.toThrow(notSaved)
      expect(await readRemotes(a)).toEqual({})

      const repos = await tempDir()
      execFileSync('git', ['init', '-q', '--bare', '--initial-branch=main', join(repos, 'team.git')])
      const hub = await startGitHub(repos)
      cleanups.push(() => hub.close())
      const url = hub.url('team.git')
      expect(await cli(['--data-dir', a, '--remote', url])).toMatch(
        /^Team "cloud-support": nothing new from the team, sent 1 entry to the team/
      )
      expect(await readRemotes(a)).toEqual({ 'cloud-support': url })
      // A failing URL tried later leaves the one that works remembered.
      await expect(cli(['--data-dir', a, '--remote', wrongCredentials])).rejects.toThrow(notSaved)
      expect(await readRemotes(a)).toEqual({ 'cloud-support': url })
      expect(await cli(['--data-dir', a])).toMatch(/^Team "cloud-support": nothing new from the team/)

      // A data folder with no team yet cannot guess whose remote it is.
      const empty = await tempDir()
      await expect(cli(['--data-dir', empty, '--remote', url])).rejects.toThrow(
        /holds no team's knowledge yet: say which team's remote this is with --team/
      )
    }
  )
})
