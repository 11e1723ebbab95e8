/**
 * The sync status line says what happened last, per way in: a bundle taken in is not "Last sync", a git server
 * failure says it is the git server's (and when), and without a remote no failure is shown.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SyncStatusLine from '../../src/renderer/src/workbench/sync/SyncStatusLine.vue'
import type { SyncTeamStatus } from '../../src/shared/syncContract'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeStatus } from './fixtures'

const base: SyncTeamStatus = {
  team: 'cloud-support',
  state: 'idle',
  lastSyncAt: null,
  lastError: null,
  lastFailedAt: null,
  lastBundleAt: null,
  summary: '15 entries from the team in the last 24 hours',
  incoming: [],
  conflicts: 0
}
const time = /\d\d?:\d\d(\s?[AP]M)?/.source

function shown(status: Partial<SyncTeamStatus>, hasRemote: boolean, engine = new FakeEngine()) {
  const wrapper = mount(SyncStatusLine, {
    props: { status: { ...base, ...status }, hasRemote },
    global: { plugins: appPlugins(engine) }
  })
  const error = wrapper.find('[data-testid="sync-error"]')
  return {
    line: wrapper.get('[data-testid="sync-status"]').text(),
    error: error.exists() ? error.text() : null
  }
}

describe('sync status line', () => {
  it('a bundle taken in while the git server fails: both said, each for what it is', () => {
    const at = new Date().toISOString()
    const { line, error } = shown(
      {
        lastBundleAt: at,
        lastError: 'http://git/team.git answered HTTP 404',
        lastFailedAt: at,
        state: 'error'
      },
      true
    )
    expect(line).toMatch(
      new RegExp(`^Bundle taken in ${time} · 15 entries from the team in the last 24 hours\\.$`)
    )
    expect(line).not.toMatch(/Last sync|Synced with the git server/)
    expect(error).toMatch(new RegExp(`^Sync with the git server failed at ${time}: .*HTTP 404$`))
  })

  it('says while search is still taking in a large arrival (a first clone), and not once it has', () => {
    const at = new Date().toISOString()
    expect(shown({ lastSyncAt: at, indexing: 20_000 }, true).line).toMatch(
      new RegExp(
        `^Synced with the git server ${time} · 15 entries from the team in the last 24 hours · search is still taking in 20000 entries of them\\.$`
      )
    )
    expect(shown({ lastSyncAt: at, indexing: 0 }, true).line).not.toMatch(/search/)
  })

  it('a git server sync and a bundle: each with its time; no remote and no failure after "Stop syncing"', () => {
    const at = new Date().toISOString()
    expect(shown({ lastSyncAt: at, lastBundleAt: at }, true).line).toMatch(
      new RegExp(`^Synced with the git server ${time} · bundle taken in ${time} · 15 entries`)
    )
    const stopped = shown({ lastBundleAt: at }, false)
    expect(stopped.line).toMatch(new RegExp(`^No git server set · bundle taken in ${time} · `))
    expect(stopped.error).toBeNull()
    expect(shown({}, false).line).toBe('Not syncing: no git server set.')
  })

  it("reads times in a demo against the demo's clock, as the tickets' are: the demo's day needs no date", async () => {
    const engine = new FakeEngine()
    const wrapper = mount(SyncStatusLine, {
      props: { status: { ...base, lastBundleAt: '2026-03-20T09:30:00.000Z' }, hasRemote: false },
      global: { plugins: appPlugins(engine) }
    })
    // The computer's clock is another day: the date is said.
    expect(wrapper.get('[data-testid="sync-status"]').text()).toMatch(
      new RegExp(`^No git server set · bundle taken in \\S+ ${time} · `)
    )
    engine.push({ event: 'engine.status', payload: makeStatus({ now: '2026-03-20T10:00:00.000Z' }) })
    await flushPromises()
    expect(wrapper.get('[data-testid="sync-status"]').text()).toMatch(
      new RegExp(`^No git server set · bundle taken in ${time} · `)
    )
  })
})
