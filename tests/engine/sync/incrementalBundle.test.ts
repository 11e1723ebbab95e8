/**
 * Incremental bundles: given an earlier bundle the other desktop took in, only what it lacks goes into the new one
 * (smaller, git verifies it against that history); the other desktop takes it in, twice changes nothing, and a
 * desktop that never took the earlier one is told to open that first, with nothing imported.
 */
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/cli/commands/sync'
import { contents, desktop, learned, useDesktops, hasSystemGit, many } from './syncFixtures'

const { make, close } = useDesktops()

describe('incremental bundles', () => {
  it('carries only what the other desktop lacks since an earlier bundle', async () => {
    const a = await make(many('kb-a', 40))
    const b = await make([])
    const first = join(a.dataDir, 'first.bundle')
    await a.sync.exportBundle(first)
    await b.sync.importBundle(first)
    await a.knowledge.put(learned('kb-new-1'))
    await a.knowledge.put({ ...learned('kb-a-3'), version: 2, title: 'Fix for kb-a-3, corrected' })

    const next = join(a.dataDir, 'next.bundle')
    const since = [(await a.sync.store.resolve('refs/heads/main'))!]
    const out = await a.sync.exportBundle(next, since)
    expect(out).toMatchObject({ entries: 2, incremental: true })
    expect(statSync(next).size).toBeLessThan(statSync(first).size / 4)
    if (hasSystemGit()) {
      execFileSync('git', ['--git-dir', a.sync.store.gitdir, 'bundle', 'verify', next], { stdio: 'pipe' })
    }

    expect(await b.sync.importBundle(next)).toMatchObject({ received: 2, merged: 2 })
    expect(contents(b)).toEqual(contents(a))
    expect(await b.sync.importBundle(next)).toMatchObject({ received: 0, merged: 0 })

    // A desktop that never took the earlier bundle: refused in words, nothing imported.
    const c = await make([learned('kb-c')])
    await expect(c.sync.importBundle(next)).rejects.toThrow(
      /next\.bundle needs an earlier bundle first \(it builds on commit [0-9a-f]{12}, which this desktop has not taken in\): open that earlier bundle first, or ask for a full one; nothing was imported$/
    )
    expect(Object.keys(contents(c))).toEqual(['kb-c'])
    await c.sync.importBundle(first)
    await c.sync.importBundle(next)
    expect(Object.keys(contents(c)).length).toBe(42)
  })

  it('vigil sync export --since writes what is new since an earlier bundle, and says when nothing is', async () => {
    const a = await make([learned('kb-1')])
    const first = join(a.dataDir, 'first.bundle')
    const out: string[] = []
    const io = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } }
    await close(a)
    const args = ['export', '--team', 'cloud-support', '--data-dir', a.dataDir]
    await runSync([...args, '--out', first], io, {})
    await expect(
      runSync([...args, '--out', join(a.dataDir, 'same.bundle'), '--since', first], io, {})
    ).rejects.toThrow(
      'Nothing new for team "cloud-support" since that bundle: whoever took it in has everything this desktop has'
    )
    const more = await desktop(a.dataDir, [learned('kb-2')])
    await more.knowledge.close()
    await runSync([...args, '--out', join(a.dataDir, 'next.bundle'), '--since', first], io, {})
    expect(out.at(-1)).toMatch(/^Wrote 1 entry new since .*first\.bundle of team "cloud-support" to /)
  })
})
