import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileNameForId, prefixOf, serializeEntry } from '../../../src/main/engine/sync/entryFile'
import { describe, expect, it } from 'vitest'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { bundleHeads } from '../../../src/main/engine/sync/bundleTeam'
import { clock, contents, learned, useDesktops, hasSystemGit } from './syncFixtures'

const { make } = useDesktops()

describe('sync over bundle files (air gap)', () => {
  it('exchanges knowledge both ways, and importing the same bundle twice changes nothing', async () => {
    const a = await make([
      learned('kb-a1'),
      learned('kb-a2'),
      learned('kb-shared-draft', { status: 'draft', review: 'pending' })
    ])
    const b = await make([learned('kb-b1')])
    const fromA = join(a.dataDir, 'a.bundle')
    await a.sync.exportBundle(fromA)
    const first = await b.sync.importBundle(fromA)
    expect(first).toMatchObject({ received: 2, merged: 2, conflicts: 0 })
    expect(Object.keys(contents(b)).sort()).toEqual(['kb-a1', 'kb-a2', 'kb-b1'])
    const again = await b.sync.importBundle(fromA)
    expect(again).toMatchObject({ received: 0, merged: 0, head: first.head })

    const fromB = join(b.dataDir, 'b.bundle')
    await b.sync.exportBundle(fromB)
    await a.sync.importBundle(fromB)
    expect(contents(a)).toEqual({ ...contents(b), 'kb-shared-draft': contents(a)['kb-shared-draft'] })
    // Drafts awaiting review never leave the desktop.
    expect(b.knowledge.get('cloud-support', 'kb-shared-draft')).toBeUndefined()
  })

  it('keeps per-user counters local and provenance intact', async () => {
    const a = await make([
      learned('kb-a1', { counters: { shown: 9, adopted: 4, liked: 3, disliked: 0, dismissed: 1 } })
    ])
    const b = await make([])
    const file = join(a.dataDir, 'a.bundle')
    await a.sync.exportBundle(file)
    await b.sync.importBundle(file)
    const got = b.knowledge.get('cloud-support', 'kb-a1')!
    expect(got.counters).toEqual({ shown: 0, adopted: 0, liked: 0, disliked: 0, dismissed: 0 })
    expect(got.provenance?.[0]?.by).toBe('Ana')
    expect(await readFile(file, 'latin1')).not.toContain('"adopted"')
  })

  it('writes a bundle that system git verifies', async () => {
    if (!hasSystemGit()) return void console.warn('skipped: no git on PATH to verify the bundle with')
    const a = await make([learned('kb-a1')])
    const file = join(a.dataDir, 'a.bundle')
    await a.sync.exportBundle(file)
    const heads = execFileSync('git', ['bundle', 'list-heads', file], { encoding: 'utf8' })
    expect(heads).toMatch(/^[0-9a-f]{40} refs\/heads\/main$/m)
    execFileSync('git', ['init', '-q', '--bare', join(a.dataDir, 'check.git')])
    execFileSync('git', ['-C', join(a.dataDir, 'check.git'), 'bundle', 'verify', file], { stdio: 'pipe' })
  })

  it('writes a bundle that a plain git clone checks out (the bundle names HEAD), incremental ones too', async () => {
    if (!hasSystemGit()) return void console.warn('skipped: no git on PATH to clone the bundle with')
    const a = await make([learned('kb-a1')])
    const file = join(a.dataDir, 'a.bundle')
    const { head } = await a.sync.exportBundle(file)
    const heads = execFileSync('git', ['bundle', 'list-heads', file], { encoding: 'utf8' })
    expect(heads).toMatch(new RegExp(`^${head} HEAD$`, 'm'))
    const clone = join(a.dataDir, 'clone')
    const said = execFileSync('git', ['clone', file, clone], { encoding: 'utf8', stdio: 'pipe' })
    expect(said).not.toMatch(/warning/)
    expect(execFileSync('git', ['-C', clone, 'symbolic-ref', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(
      'refs/heads/main'
    )
    expect(execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(head)
    expect(statSync(join(clone, 'vigil-team.json')).isFile()).toBe(true)
    // An incremental bundle names its one commit once, though two refs point at it.
    await a.knowledge.put(learned('kb-a2'))
    const next = join(a.dataDir, 'next.bundle')
    const out = await a.sync.exportBundle(next, await bundleHeads(file))
    expect(out.incremental).toBe(true)
    expect(await bundleHeads(next)).toEqual([out.head])
    execFileSync('git', ['-C', clone, 'bundle', 'verify', next], { stdio: 'pipe' })
  })

  it('resolves a conflicting edit to the same winner on both desktops and keeps the loser for review', async () => {
    const base = learned('kb-x')
    const a = await make([base])
    const b = await make([])
    await a.sync.exportBundle(join(a.dataDir, '0.bundle'))
    await b.sync.importBundle(join(a.dataDir, '0.bundle'))
    await a.knowledge.put({
      ...base,
      version: 2,
      title: 'Edited on A',
      updatedAt: '2026-03-03T10:00:00.000Z'
    })
    await b.knowledge.put({
      ...base,
      version: 2,
      title: 'Edited on B',
      updatedAt: '2026-03-03T11:00:00.000Z'
    })
    await a.sync.exportBundle(join(a.dataDir, 'a.bundle'))
    const onB = await b.sync.importBundle(join(a.dataDir, 'a.bundle'))
    expect(onB.conflicts).toBe(1)
    await b.sync.exportBundle(join(b.dataDir, 'b.bundle'))
    await a.sync.importBundle(join(b.dataDir, 'b.bundle'))
    // Later update wins at equal versions, on both.
    expect(a.knowledge.get('cloud-support', 'kb-x')?.title).toBe('Edited on B')
    expect(b.knowledge.get('cloud-support', 'kb-x')?.title).toBe('Edited on B')
    const historyA = await a.knowledge.history('cloud-support', 'kb-x')
    expect(historyA.map((e) => e.title)).toContain('Edited on A')
    expect((await b.knowledge.history('cloud-support', 'kb-x')).map((e) => e.title)).toContain('Edited on A')
    expect(await a.sync.conflicts()).toEqual([
      expect.objectContaining({ id: 'kb-x', loser: expect.objectContaining({ title: 'Edited on A' }) })
    ])
    expect(await b.sync.conflicts()).toHaveLength(1)
  })

  it('refuses a bundle of another team and a corrupted bundle, losing nothing', async () => {
    const other = await make([learned('kb-o', { team: 'billing' })], 'billing')
    const b = await make([learned('kb-b1')])
    const file = join(other.dataDir, 'o.bundle')
    await other.sync.exportBundle(file)
    await expect(b.sync.importBundle(file)).rejects.toThrow(/team "billing", not of team "cloud-support"/)
    const bytes = await readFile(file)
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 0xff, bytes.length - 30)
    await writeFile(file, bytes)
    await expect(b.sync.importBundle(file)).rejects.toThrow(/corrupted/)
    await writeFile(file, 'hello')
    await expect(b.sync.importBundle(file)).rejects.toThrow(/not a usable git bundle/)
    expect(Object.keys(contents(b))).toEqual(['kb-b1'])
  })

  describe('bad input from other repositories', () => {
    /** A bundle made by system git from files written by hand. */
    async function handMadeBundle(dir: string, files: Record<string, string>): Promise<string> {
      const repo = join(dir, 'hand')
      execFileSync('git', ['init', '-q', '--initial-branch=main', repo])
      for (const [path, text] of Object.entries(files)) {
        await mkdir(join(repo, dirname(path)), { recursive: true })
        await writeFile(join(repo, path), text)
      }
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
          stdio: 'pipe'
        })
      git('add', '.')
      git('commit', '-q', '-m', 'hand made')
      git('bundle', 'create', join(dir, 'hand.bundle'), 'main')
      return join(dir, 'hand.bundle')
    }

    it('refuses a bundle of a repository that is not Vigil knowledge', async () => {
      if (!hasSystemGit()) return void console.warn('skipped: no git on PATH to make a foreign bundle with')
      const b = await make([learned('kb-b1')])
      const file = await handMadeBundle(b.dataDir, { 'README.md': '# some project\n' })
      await expect(b.sync.importBundle(file)).rejects.toThrow(/not a Vigil team knowledge repository/)
      expect(Object.keys(contents(b))).toEqual(['kb-b1'])
    })

    it('names an entry file that fails validation and imports nothing from that bundle', async () => {
      if (!hasSystemGit()) return void console.warn('skipped: no git on PATH to make a bundle with')
      const b = await make([learned('kb-b1')])
      const good = serializeEntry(learned('kb-good'))
      const bad = JSON.stringify({ ...JSON.parse(good), id: 'kb-bad', version: -3 })
      const file = await handMadeBundle(b.dataDir, {
        'vigil-team.json': JSON.stringify({ format: 1, team: 'cloud-support' }),
        [`entries/${prefixOf(fileNameForId('kb-good'))}/kb-good.json`]: good,
        [`entries/${prefixOf(fileNameForId('kb-bad'))}/kb-bad.json`]: bad
      })
      await expect(b.sync.importBundle(file)).rejects.toThrow(
        /Synced entry entries\/..\/kb-bad.json is invalid: version/
      )
      expect(Object.keys(contents(b))).toEqual(['kb-b1'])
    })

    it('says the local sync repository is damaged, and leaves the knowledge as it was', async () => {
      const a = await make([learned('kb-a1')])
      await a.sync.exportBundle(join(a.dataDir, 'a.bundle'))
      const packs = join(a.sync.store.gitdir, 'objects', 'pack')
      for (const name of await readdir(packs)) await writeFile(join(packs, name), 'garbage')
      await a.knowledge.put(learned('kb-a2'))
      // A new process (nothing cached in memory) finds the repository damaged.
      const fresh = new TeamSync(a.dataDir, 'cloud-support', a.knowledge, clock)
      await expect(fresh.exportBundle(join(a.dataDir, 'b.bundle'))).rejects.toThrow(
        /sync repository .* is damaged/
      )
      expect(Object.keys(contents(a)).sort()).toEqual(['kb-a1', 'kb-a2'])
    })
  })
})
