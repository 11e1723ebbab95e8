import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/cli/commands/sync'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { useTempDirs } from '../../helpers/tempDir'
import { recordingLogger } from '../knowledge/fixtures'
import { learned } from './syncFixtures'

const tempDir = useTempDirs()

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
    expect(imported).toMatch(/received 2, merged 2.*conflicts 0/)
    expect(imported).not.toMatch(/sent/)
    expect(JSON.parse(await cli(['import', file, '--data-dir', b, '--json']))).toMatchObject({
      received: 0,
      merged: 0
    })
    expect(await ids(b)).toEqual(['kb-1', 'kb-2', 'kb-3'])
  })

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
    await expect(cli(['--data-dir', a])).rejects.toThrow(/No team has a sync remote yet/)
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
})
