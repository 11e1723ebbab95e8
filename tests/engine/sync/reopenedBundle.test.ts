/**
 * Bundles written after the data folder was reopened (a second `vigil sync export`, the workbench after a restart):
 * the sync repository's folders are then read back from disk, not from what this process wrote. A full bundle must
 * still carry every object reachable from its tip (real git clones it), an incremental one declares the commit it
 * builds on, and a bundle that is incomplete or needs an earlier one is refused in words about the bundle, never as
 * "your sync repository is damaged".
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import git from 'isomorphic-git'
import * as fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mainRef } from '../../../src/main/engine/sync/gitStore'
import { repack } from '../../../src/main/engine/sync/repack'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { clock, contents, learned, type Desktop, useDesktops, many } from './syncFixtures'

const { make, tempDir } = useDesktops()

/** The same data folder as a new process sees it: a new TeamSync (and GitStore) with nothing cached. */
const reopened = (d: Desktop): TeamSync => new TeamSync(d.dataDir, 'cloud-support', d.knowledge, clock)

function gitClone(bundle: string, into: string): string[] {
  execFileSync('git', ['clone', '-q', bundle, into], { stdio: 'pipe' })
  const tree = execFileSync('git', ['-C', into, 'ls-tree', '-r', '--name-only', 'origin/main'], {
    encoding: 'utf8'
  })
  return tree.trim().split('\n')
}

describe('bundles from a reopened data folder', () => {
  it('a second full export is as complete as the first: git clones it and another desktop imports it', async () => {
    const a = await make(many('kb', 30))
    const dir = await tempDir()
    const first = join(dir, 'e1.bundle')
    const second = join(dir, 'e2.bundle')
    await a.sync.exportBundle(first)
    const out = await reopened(a).exportBundle(second)
    expect(out).toMatchObject({ entries: 30, incremental: false })
    // Same commit, same objects: the same size give or take the pack's ordering.
    expect(statSync(second).size).toBeGreaterThan(statSync(first).size * 0.9)
    const files = gitClone(second, join(dir, 'clone'))
    expect(files.filter((name) => name.startsWith('entries/'))).toHaveLength(30)
    execFileSync('git', ['-C', join(dir, 'clone'), 'fsck', '--strict'], { stdio: 'pipe' })

    const b = await make([])
    expect(await b.sync.importBundle(second)).toMatchObject({ received: 30, merged: 30 })
    expect(contents(b)).toEqual(contents(a))
  })

  it('an incremental export after a reopen declares what it builds on; without that, the import says so', async () => {
    const a = await make(many('kb', 20))
    const dir = await tempDir()
    const first = join(dir, 'first.bundle')
    await a.sync.exportBundle(first)
    const since = [(await a.sync.store.resolve(mainRef))!]
    await a.knowledge.put(learned('kb-new'))
    const next = join(dir, 'next.bundle')
    expect(await reopened(a).exportBundle(next, since)).toMatchObject({ entries: 1, incremental: true })
    // git accepts it where the earlier bundle was taken in, and names what it needs where not.
    gitClone(first, join(dir, 'clone'))
    execFileSync('git', ['-C', join(dir, 'clone'), 'bundle', 'verify', next], { stdio: 'pipe' })
    mkdirSync(join(dir, 'empty'))
    execFileSync('git', ['init', '-q', join(dir, 'empty')])
    expect(() =>
      execFileSync('git', ['-C', join(dir, 'empty'), 'bundle', 'verify', next], { stdio: 'pipe' })
    ).toThrow(/lacks these prerequisite commits/)

    const c = await make([])
    await expect(c.sync.importBundle(next)).rejects.toThrow(
      `${next} needs an earlier bundle first (it builds on commit ${since[0]!.slice(0, 12)}, which this desktop has not taken in): open that earlier bundle first, or ask for a full one; nothing was imported`
    )
    await c.sync.importBundle(first)
    expect(await c.sync.importBundle(next)).toMatchObject({ received: 1, merged: 1 })
    expect(contents(c)).toEqual(contents(a))
  })

  it('an incomplete full bundle is refused as such, and the desktop takes a complete one afterwards', async () => {
    const a = await make(many('kb', 5))
    const dir = await tempDir()
    const good = join(dir, 'good.bundle')
    await a.sync.exportBundle(good)
    const head = (await a.sync.store.resolve(mainRef))!
    const root = await a.sync.store.treeOfCommit(head)
    const team = (await a.sync.store.readTree(root)).find((item) => item.name === 'vigil-team.json')!
    // What Vigil wrote before the fix: the tip, its root tree and the team file, but not the entries' folders.
    const { packfile } = await git.packObjects({
      ...a.sync.store.args,
      oids: [head, root, team.oid],
      write: false
    })
    const broken = join(dir, 'broken.bundle')
    writeFileSync(
      broken,
      Buffer.concat([Buffer.from(`# v2 git bundle\n${head} ${mainRef}\n\n`), Buffer.from(packfile!)])
    )
    const b = await make([learned('kb-own')])
    const error = await b.sync.importBundle(broken).then(
      () => undefined,
      (caught: Error) => caught
    )
    expect(error?.message).toMatch(
      /broken\.bundle is not a usable git bundle: it is incomplete \(object [0-9a-f]{12} is not in it\): export a full bundle again; nothing was imported$/
    )
    expect(error?.message).not.toMatch(/damaged/)
    expect(Object.keys(contents(b))).toEqual(['kb-own'])
    expect(await b.sync.importBundle(good)).toMatchObject({ received: 5, merged: 5 })
  })

  it('a repack in a reopened data folder keeps every entry (folders read back from disk are followed)', async () => {
    const a = await make(many('kb', 12))
    await a.sync.commitLocal()
    const again = reopened(a)
    await repack(again.store)
    const dir = await tempDir()
    const file = join(dir, 'after-repack.bundle')
    await reopened(a).exportBundle(file)
    expect(gitClone(file, join(dir, 'clone')).filter((name) => name.startsWith('entries/'))).toHaveLength(12)
    expect(fs.existsSync(join(a.sync.store.gitdir, 'HEAD'))).toBe(true)
  })
})
