/**
 * Garbage collection of a team's sync repository: after many syncs (a pack each) the next sync or bundle import
 * rewrites everything reachable as one pack and removes the rest, and the repository stays whole: git itself finds
 * nothing missing, the knowledge is unchanged, and bundles still go both ways.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mainRef } from '../../../src/main/engine/sync/gitStore'
import { maxPacks, packFiles, repack } from '../../../src/main/engine/sync/repack'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { clock, contents, learned, useDesktops, hasSystemGit } from './syncFixtures'

const { make } = useDesktops()

describe('repacking the sync repository', () => {
  it('turns many packs into at most two at the next import (the largest kept as it is), losing nothing', async () => {
    const a = await make([learned('kb-a')])
    const b = await make([learned('kb-b')])
    for (let version = 2; version <= maxPacks + 4; version += 1) {
      const current = a.knowledge.get('cloud-support', 'kb-a')!
      await a.knowledge.put({ ...current, version, title: `Fix for kb-a, take ${version}` })
      await a.sync.commitLocal()
    }
    const gitdir = a.sync.store.gitdir
    expect((await packFiles(gitdir)).length).toBeGreaterThan(maxPacks)
    const headBefore = await a.sync.store.resolve(mainRef)

    const fromB = join(b.dataDir, 'b.bundle')
    await b.sync.exportBundle(fromB)
    const report = await a.sync.importBundle(fromB)
    expect(report.repacked?.packsBefore).toBeGreaterThan(maxPacks)
    // The largest pack stays as it was; everything else reachable is in one new pack beside it.
    expect((await packFiles(gitdir)).length).toBeLessThanOrEqual(2)
    expect(report.repacked?.rewritten).toBeLessThan(report.repacked!.objects)
    expect(await a.sync.store.isAncestor(headBefore!, (await a.sync.store.resolve(mainRef))!)).toBe(true)
    expect(contents(a)).toEqual({
      'kb-a': `${maxPacks + 4} active Fix for kb-a, take ${maxPacks + 4}`,
      'kb-b': '1 active Fix for kb-b'
    })
    if (hasSystemGit()) execFileSync('git', ['--git-dir', gitdir, 'fsck', '--strict'], { stdio: 'pipe' })

    // Still a working repository: its bundle carries the whole history to the other desktop.
    const fromA = join(a.dataDir, 'a.bundle')
    await a.sync.exportBundle(fromA)
    await b.sync.importBundle(fromA)
    expect(contents(b)).toEqual(contents(a))
  })

  it.skipIf(!hasSystemGit())(
    'keeps every object when a later process repacks (its trees read from disk)',
    async () => {
      const a = await make([learned('kb-a'), learned('kb-b'), learned('kb-c')])
      await a.sync.commitLocal()
      const current = a.knowledge.get('cloud-support', 'kb-a')!
      await a.knowledge.put({ ...current, version: 2, title: 'Fix for kb-a, take 2' })
      await a.sync.commitLocal()
      // Another process: nothing of the repository is cached, every tree is read from its pack.
      const later = new TeamSync(a.dataDir, 'cloud-support', a.knowledge, clock)
      const result = await repack(later.store)
      expect(result.objects).toBeGreaterThanOrEqual(2 + 2 * 3 + 4)
      execFileSync('git', ['--git-dir', later.store.gitdir, 'fsck', '--strict'], { stdio: 'pipe' })
    }
  )
})
