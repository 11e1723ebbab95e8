import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeEntry, makeMessage, makeSuggestion, makeTicket } from './fixtures'

async function mountWorkbench(engine: FakeEngine) {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

type Workbench = Awaited<ReturnType<typeof mountWorkbench>>
const openTab = (wrapper: Workbench, label: string) =>
  wrapper
    .findAll('[role="tab"]')
    .find((tab) => tab.text() === label)!
    .trigger('click')

describe('workbench', () => {
  it('opens a ticket: its conversation, with new messages live, and its suggestions', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.messages = [makeMessage()]
    engine.suggestions = [makeSuggestion()]
    const wrapper = await mountWorkbench(engine)
    expect(wrapper.get('[data-testid="ticket-list"]').text()).toContain('1 message · 0 suggestions')

    await wrapper.get('[data-testid="ticket-row"]').trigger('click')
    await flushPromises()
    engine.push({
      event: 'message.added',
      payload: makeMessage({ id: 'M-2', authorRole: 'analyst', authorName: 'Dana', text: 'Try vpn renew' })
    })
    await flushPromises()
    const messages = wrapper.findAll('[data-testid="conversation"] li')
    expect(messages.map((m) => m.classes()[1])).toEqual(['customer', 'analyst'])
    expect(messages[1]!.text()).toContain('Try vpn renew')
    expect(wrapper.findAll('[data-testid="suggestion-card"]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('draws a check-mark emoji in a message as a mark, not as a glyph a font may lack', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.messages = [makeMessage({ text: 'Verified ✅ and the certificate is active.' })]
    const wrapper = await mountWorkbench(engine)
    await wrapper.get('[data-testid="ticket-row"]').trigger('click')
    await flushPromises()
    const text = wrapper.get('[data-testid="conversation"] li .text')
    expect(text.text()).not.toContain('✅')
    expect(text.text()).toMatch(/^Verified\s+and the certificate is active\.$/)
    expect(text.get('[data-testid="check-mark"]').attributes()).toMatchObject({
      role: 'img',
      'aria-label': 'check mark'
    })
    wrapper.unmount()
  })

  it('counts the knowledge in the same words in the header and on the Knowledge screen: drafts apart', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({ id: 'K-1' }),
      makeEntry({ id: 'K-2', title: 'Printer jams' }),
      makeEntry({ id: 'K-3', title: 'Held for review', status: 'draft', review: 'pending' })
    ]
    engine.status = {
      ...engine.status,
      knowledgeEntries: 3,
      knowledgeByStatus: { active: 2, draft: 1, retired: 0 }
    }
    const wrapper = await mountWorkbench(engine)
    await openTab(wrapper, 'Knowledge')
    await flushPromises()
    expect(wrapper.get('[data-testid="engine-status"]').text()).toContain('2 active entries, 1 draft · ')
    expect(wrapper.get('[data-testid="knowledge-count"]').text()).toBe('2 active entries, 1 draft')
    wrapper.unmount()
  })

  it('lists knowledge entries and lists them again on knowledge.changed', async () => {
    const engine = new FakeEngine()
    engine.entries = [makeEntry()]
    const wrapper = await mountWorkbench(engine)
    await openTab(wrapper, 'Knowledge')
    const list = () => wrapper.get('[data-testid="knowledge-list"]')
    expect(list().text()).toContain('VPN lease expiry')
    expect(
      list()
        .findAll('ol li')
        .map((step) => step.text())
    ).toEqual(['Run vpn renew', 'Reconnect'])

    engine.entries = [makeEntry(), makeEntry({ id: 'K-8', title: 'Billing export timeout' })]
    engine.push({
      event: 'knowledge.changed',
      payload: { team: 'cloud-support', entryId: 'K-8', change: 'learned' }
    })
    await flushPromises()
    expect(list().findAll('[data-testid="knowledge-entry"]')).toHaveLength(2)
    wrapper.unmount()
  })

  // Settings refused field by field: tests/renderer/settings.test.ts ('settings errors').

  it('shows engine warnings in a banner', async () => {
    const engine = new FakeEngine()
    engine.status.warnings = ['settings: pipeline.cooldownSeconds: Too big; using the default']
    const wrapper = await mountWorkbench(engine)
    expect(wrapper.get('[data-testid="warnings"]').text()).toContain('pipeline.cooldownSeconds')
    wrapper.unmount()
  })

  it('pauses, resumes and speeds up the demo from the bar under the header, on any tab', async () => {
    const engine = new FakeEngine()
    const wrapper = await mountWorkbench(engine)
    await openTab(wrapper, 'Knowledge')
    const button = (name: string) => wrapper.findAll('button').find((b) => b.text() === name)
    await button('Pause')!.trigger('click')
    await flushPromises()
    expect(engine.callsTo('demo.control')).toEqual([{ action: 'pause' }])
    expect(wrapper.get('[data-testid="engine-status"]').text()).toContain('Demo paused')
    // Paused: Resume takes Pause's place.
    expect(button('Pause')).toBeUndefined()
    await button('Resume')!.trigger('click')
    await flushPromises()
    await button('2×')!.trigger('click')
    await flushPromises()
    expect(engine.callsTo('demo.control').slice(1)).toEqual([
      { action: 'resume' },
      { action: 'speed', speed: 2 }
    ])
    expect(button('2×')!.attributes('aria-pressed')).toBe('true')
    wrapper.unmount()
  })

  it('offers neither pause nor resume once the demo has finished, only restart', async () => {
    const engine = new FakeEngine()
    engine.status.source = { ...engine.status.source, state: 'finished', delivered: 40 }
    const wrapper = await mountWorkbench(engine)
    const button = (name: string) => wrapper.findAll('button').find((b) => b.text() === name)
    expect(button('Pause')!.attributes('disabled')).toBeDefined()
    expect(button('Resume')).toBeUndefined()
    expect(button('Restart')!.attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })
})
