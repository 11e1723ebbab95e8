/**
 * Git's pack format as the sync reads and writes it without isomorphic-git: a pack made by system git (deltas
 * included) is indexed here into an index git itself accepts, every object reads back as git reads it, and a pack
 * cut short or altered is refused with its reason.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GitStore } from '../../../src/main/engine/sync/gitStore'
import { indexPack } from '../../../src/main/engine/sync/packFormat'
import { useTempDirs } from '../../helpers/tempDir'
import { hasSystemGit } from './syncFixtures'

const tempDir = useTempDirs()

const git = (dir: string, args: string[], input?: string): string =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] })

/** A repository of 60 similar files over 3 commits (git stores most of them as deltas), packed by git. */
async function gitMadePack(): Promise<{ pack: Buffer; oids: string[]; source: string }> {
  const source = await tempDir()
  git(source, ['init', '-q', '--initial-branch=main'])
  for (let round = 0; round < 3; round += 1) {
    await mkdir(join(source, 'entries'), { recursive: true })
    for (let i = 0; i < 20; i += 1) {
      const text = `${JSON.stringify({ id: `kb-${round}-${i}`, title: `Fix ${i}`, body: 'the same long text '.repeat(40) })}\n`
      await writeFile(join(source, 'entries', `kb-${round}-${i}.json`), text)
    }
    git(source, ['add', '.'])
    git(source, ['-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qm', `round ${round}`])
  }
  const oids = git(source, ['rev-list', '--objects', '--all'])
    .trim()
    .split('\n')
    .map((line) => line.split(' ')[0]!)
  const pack = execFileSync('git', ['-C', source, 'pack-objects', '--stdout', '--delta-base-offset'], {
    input: `${oids.join('\n')}\n`,
    maxBuffer: 1 << 26
  })
  return { pack, oids, source }
}

describe.skipIf(!hasSystemGit())('pack format', () => {
  it('indexes a pack made by git, deltas included, into an index git verifies, and reads every object back', async () => {
    const { pack, oids, source } = await gitMadePack()
    const gitdir = join(await tempDir(), 'repo.git')
    git('.', ['init', '-q', '--bare', gitdir])
    const store = new GitStore(gitdir)
    await store.addPack(pack)
    // git accepts the index written here for its pack.
    const packDir = join(gitdir, 'objects', 'pack')
    const idx = (await readdir(packDir)).find((name) => name.endsWith('.idx'))!
    execFileSync('git', ['--git-dir', gitdir, 'verify-pack', join(packDir, idx)])
    // Deltas were in it, and every object reads back as git itself reads it (from a fresh store: from disk).
    const fresh = new GitStore(gitdir)
    for (const oid of oids) {
      const object = fresh.readObject(oid)
      expect(object.type).toBe(git(source, ['cat-file', '-t', oid]).trim())
      const expected = execFileSync('git', ['-C', source, 'cat-file', object.type, oid])
      expect(object.body.equals(expected)).toBe(true)
    }
    const stats = execFileSync('git', ['--git-dir', gitdir, 'verify-pack', '-v', join(packDir, idx)], {
      encoding: 'utf8'
    })
    expect(stats).toMatch(/chain length = [1-9]/)
  })

  it('refuses a pack that is cut short or altered, naming why, and stores nothing', async () => {
    const { pack } = await gitMadePack()
    expect(() => indexPack(pack.subarray(0, pack.length - 100))).toThrow(/checksum does not match/)
    const altered = Buffer.from(pack)
    altered[200] = altered[200]! ^ 0xff
    expect(() => indexPack(altered)).toThrow(/checksum does not match/)
    const gitdir = join(await tempDir(), 'repo.git')
    const store = new GitStore(gitdir)
    await store.init()
    await expect(store.addPack(altered)).rejects.toThrow(/checksum/)
    expect(await readdir(join(gitdir, 'objects', 'pack')).catch(() => [])).toEqual([])
    expect((await readFile(join(gitdir, 'HEAD'), 'utf8')).length).toBeGreaterThan(0)
  })
})
