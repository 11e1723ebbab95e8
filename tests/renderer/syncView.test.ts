/**
 * The workbench's sync screen and the sync conflicts of the review queue, over the fake engine: what the analyst
 * reads (the engine's refusal, the status line in words, who learned what came in) and what each button asks for.
 */
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { SyncRemoteView } from '../../src/shared/syncContract'
import { DesktopFakeEngine, FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
import { click, openKnowledge, openTab } from './knowledgeTestKit'

const team = 'cloud-support'

function remote(
  overrides: Partial<SyncRemoteView['status']> = {},
  url: string | null = null
): SyncRemoteView {
  return {
    team,
    url,
    username: null,
    hasPassword: false,
    status: {
      team,
      state: 'idle',
      lastSyncAt: null,
      lastError: null,
      summary: 'not synced yet',
      incoming: [],
      conflicts: 0,
      ...overrides
    }
  }
}

async function openSync(engine: FakeEngine) {
  const wrapper = await openKnowledge(engine)
  await openTab(wrapper, 'Sync')
  return wrapper
}

describe('sync screen', () => {
  it('shows the engine refusing a URL with credentials, and sends the password apart from the URL', async () => {
    const engine = new FakeEngine()
    engine.sync.remotes = [remote()]
    const wrapper = await openSync(engine)
    expect(wrapper.get('[data-testid="sync-status"]').text()).toBe('Not syncing: no git server set.')
    await wrapper.get('input[name="url"]').setValue('https://ana:pw@git.example.com/k.git')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="remote-error"]').text()).toMatch(/URL holds credentials/)

    await wrapper.get('input[name="url"]').setValue('https://git.example.com/k.git')
    await wrapper.get('input[name="username"]').setValue('ana')
    await wrapper.get('input[name="password"]').setValue('s3cret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const sent = engine.calls.filter((call) => call.route === 'sync.setRemote').at(-1)!.input
    expect(sent).toEqual({ team, url: 'https://git.example.com/k.git', username: 'ana', password: 's3cret' })
    expect((wrapper.get('input[name="password"]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.get('[data-testid="password-stored"]').text()).toBe('A password is stored.')
  })

  it('syncs now and shows a failure in words; a success shows when, what came in and who learned it', async () => {
    const engine = new FakeEngine()
    engine.sync.remotes = [remote({}, 'https://git.example.com/k.git')]
    engine.sync.nextOutcome = {
      state: 'error',
      lastError: 'The sync server refused the credentials (HTTP 401)'
    }
    const wrapper = await openSync(engine)
    await click(wrapper, 'Sync now')
    expect(wrapper.get('[data-testid="sync-error"]').text()).toBe(
      'Sync with the git server failed: The sync server refused the credentials (HTTP 401)'
    )
    engine.sync.nextOutcome = {
      state: 'idle',
      lastError: null,
      lastSyncAt: new Date().toISOString(),
      summary: '2 entries from the team in the last 24 hours',
      conflicts: 1,
      incoming: [{ id: 'kb-1', title: 'SSO loop after IdP change', by: 'Bea', at: new Date().toISOString() }]
    }
    await click(wrapper, 'Sync now')
    expect(wrapper.find('[data-testid="sync-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="sync-status"]').text()).toMatch(
      /^Synced with the git server \d\d?:\d\d(\s?[AP]M)? · 2 entries from the team in the last 24 hours · 1 conflict waiting in the knowledge review queue\.$/
    )
    expect(wrapper.get('[data-testid="sync-incoming"]').text()).toMatch(
      /SSO loop after IdP change\s*from Bea · came in/
    )
  })

  it('opens a bundle through the desktop dialog for this team and says what it brought', async () => {
    const engine = new (class extends DesktopFakeEngine {
      openBundleFile = async (): Promise<{ name: string; data: string } | null> => ({
        name: 'from-bea.bundle',
        data: btoa('bundle')
      })
      saveBundleFile = async (): Promise<string | null> => null
    })()
    engine.sync.remotes = [remote()]
    const wrapper = await openSync(engine)
    await click(wrapper, 'Open bundle…')
    expect(engine.sync.imported).toEqual([{ fileName: 'from-bea.bundle', data: btoa('bundle') }])
    expect(wrapper.get('[data-testid="bundle-result"]').text()).toBe(
      'from-bea.bundle: 2 entries taken in for team cloud-support.'
    )
    // What is new since an earlier bundle: its header's commit goes to the engine, not its bytes.
    const head = 'a'.repeat(40)
    engine.openBundleFile = async () => ({
      name: 'earlier.bundle',
      data: btoa(`# v2 git bundle\n${head} refs/heads/main\n\nPACK`)
    })
    engine.saveBundleFile = async () => '/home/ana/new.bundle'
    await click(wrapper, 'Save what is new since a bundle…')
    expect(engine.calls.filter((call) => call.route === 'sync.exportBundle').at(-1)!.input).toEqual({
      team,
      since: [head]
    })
    expect(wrapper.get('[data-testid="bundle-result"]').text()).toBe(
      'Saved 1 entry new since earlier.bundle of team cloud-support to /home/ana/new.bundle.'
    )
    engine.openBundleFile = async () => ({ name: 'from-bea.bundle', data: btoa('bundle') })
    engine.sync.importResult = { ...engine.sync.importResult, team: 'billing' }
    await click(wrapper, 'Open bundle…')
    expect(wrapper.get('[data-testid="bundle-error"]').text()).toMatch(
      /holds the knowledge of team "billing"/
    )
  })
})

describe('sync conflicts in the review queue', () => {
  it('shows both versions and keeps or restores on request; the conflict then leaves the queue', async () => {
    const engine = new FakeEngine()
    const current = makeEntry({ id: 'kb-x', title: 'Edited on B', version: 2, resolution: ['Do B'] })
    engine.entries = [current]
    const { counters: _counters, ...loser } = makeEntry({
      id: 'kb-x',
      title: 'Edited on A',
      version: 2,
      resolution: ['Do A'],
      provenance: [{ kind: 'edited', at: '2026-03-02T09:00:00.000Z', by: 'Ana' }]
    })
    engine.sync.conflicts = [
      { team, entryId: 'kb-x', key: 'kb-x.1.json', loser, current },
      { team, entryId: 'kb-x', key: 'kb-x.2.json', loser, current }
    ]
    const wrapper = await openKnowledge(engine)
    expect(wrapper.find('[data-testid="sync-conflict"]').exists()).toBe(false)
    // The review queue's badge counts the conflicts waiting, before the queue is opened.
    const badge = () => wrapper.get('[data-testid="review-count"]')
    expect(badge().text()).toBe('2')
    expect(badge().attributes('aria-label')).toBe('2 waiting')
    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    const conflicts = wrapper.findAll('[data-testid="sync-conflict"]')
    expect(conflicts).toHaveLength(2)
    // What differs between the two versions: the title word by word, the steps one by one.
    const diff = conflicts[0]!.get('[data-testid="conflict-diff"]')
    expect(diff.get('[data-testid="conflict-diff-title"]').text()).toBe('Title: Edited on BA')
    expect(diff.get('[data-testid="conflict-diff-title"] ins').text()).toBe('B')
    expect(diff.get('[data-testid="conflict-diff-title"] del').text()).toBe('A')
    expect(diff.findAll('[data-testid="conflict-diff-steps"] ins').map((item) => item.text())).toEqual([
      '+ Do B'
    ])
    expect(diff.findAll('[data-testid="conflict-diff-steps"] del').map((item) => item.text())).toEqual([
      '− Do A'
    ])
    expect(wrapper.text()).toContain('No other entry waits for review.')
    expect(conflicts[0]!.get('[data-testid="conflict-kept"]').text()).toMatch(
      /^Kept \(v2, updated .*\)\s*Edited on B\s*Do B$/
    )
    expect(conflicts[0]!.get('[data-testid="conflict-lost"]').text()).toMatch(
      /^Not kept \(v2, by Ana, updated .*\)\s*Edited on A\s*Do A$/
    )
    await click(conflicts[0]!, 'Restore the other version')
    expect(
      engine.calls.filter((call) => call.route === 'sync.decideConflict').map((call) => call.input)
    ).toEqual([{ key: 'kb-x.1.json', action: 'restore' }])
    expect(wrapper.findAll('[data-testid="sync-conflict"]')).toHaveLength(1)
    expect(badge().text()).toBe('1')
    await click(wrapper.get('[data-testid="sync-conflict"]'), 'Keep the kept version')
    expect(wrapper.find('[data-testid="sync-conflict"]').exists()).toBe(false)
    expect(badge().text()).toBe('0')
    expect(wrapper.text()).toContain('Nothing waits for review.')
  })
})
