import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
import { card, click, openKnowledge, titles } from './knowledgeTestKit'

/** Two entries waiting for a person and one already live. */
function engineWithQueue(): FakeEngine {
  const engine = new FakeEngine()
  engine.entries = [
    makeEntry({ id: 'K-1', title: 'Reset the SSO cache', status: 'draft', review: 'pending' }),
    makeEntry({ id: 'K-2', title: 'Rotate the export token', status: 'draft', review: 'pending' }),
    makeEntry({ id: 'K-3', title: 'VPN lease expiry', status: 'active', review: 'none' })
  ]
  return engine
}

const badge = (wrapper: Awaited<ReturnType<typeof openKnowledge>>) =>
  wrapper.get('[data-testid="review-count"]').text()

async function openQueue(engine: FakeEngine) {
  const wrapper = await openKnowledge(engine)
  await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
  await flushPromises()
  return wrapper
}

describe('knowledge review queue', () => {
  it('counts the entries waiting for review and lists only those in the queue', async () => {
    const wrapper = await openKnowledge(engineWithQueue())
    expect(badge(wrapper)).toBe('2')
    expect(titles(wrapper)).toHaveLength(3)

    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    expect(titles(wrapper)).toEqual(['Reset the SSO cache', 'Rotate the export token'])
    wrapper.unmount()
  })

  it('says a search looks in the review queue only, and offers to search all entries', async () => {
    const wrapper = await openQueue(engineWithQueue())
    const search = wrapper.get('input[type="search"]')
    expect(search.attributes('placeholder')).toBe('Search the review queue')
    await search.setValue('VPN')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await flushPromises()
    expect(wrapper.get('[data-testid="knowledge-shown"]').text()).toBe('0 found in the review queue')
    expect(wrapper.get('[data-testid="knowledge-empty"]').text()).toContain(
      'No entry waiting for review matches this search.'
    )
    await wrapper.get('[data-testid="search-all-entries"]').trigger('click')
    await flushPromises()
    expect(titles(wrapper)).toEqual(['VPN lease expiry'])
    expect(wrapper.get('[data-testid="knowledge-shown"]').text()).toBe('1 found')
    wrapper.unmount()
  })

  it('says why each entry waits: risky steps, or the team publishing only after approval', async () => {
    const engine = engineWithQueue()
    engine.entries[0] = { ...engine.entries[0]!, risk: 'disables a security control' }
    const wrapper = await openQueue(engine)
    expect(card(wrapper, 'K-1').get('[data-testid="review-reason"]').text()).toBe(
      'Held because a step disables a security control: nobody sees it until a person approves or edits it.'
    )
    expect(card(wrapper, 'K-2').get('[data-testid="review-reason"]').text()).toMatch(
      /^Learned from .*; your team publishes learned knowledge only after a person approves it/
    )
    wrapper.unmount()
  })

  it('approves an entry: it leaves the queue and goes live', async () => {
    const engine = engineWithQueue()
    const wrapper = await openQueue(engine)
    await click(card(wrapper, 'K-1'), 'Approve')

    expect(engine.callsTo('knowledge.review')).toEqual([{ entryId: 'K-1', action: 'approve' }])
    expect(titles(wrapper)).toEqual(['Rotate the export token'])
    expect(badge(wrapper)).toBe('1')

    await wrapper.get('[data-testid="knowledge-view-all"]').trigger('click')
    await flushPromises()
    expect(card(wrapper, 'K-1').get('[data-testid="entry-status"]').text()).toBe('active')
    expect(card(wrapper, 'K-1').get('[data-testid="entry-review"]').text()).toBe('approved')
    wrapper.unmount()
  })

  it('rejects an entry with the note the analyst gave', async () => {
    const engine = engineWithQueue()
    const wrapper = await openQueue(engine)
    await click(card(wrapper, 'K-2'), 'Reject')
    // Rejecting asks first: nothing is sent until it is confirmed.
    expect(engine.callsTo('knowledge.review')).toEqual([])
    await card(wrapper, 'K-2').get('input[name="note"]').setValue('Tokens must never be pasted in chat')
    await click(card(wrapper, 'K-2'), 'Confirm reject')

    expect(engine.callsTo('knowledge.review')).toEqual([
      { entryId: 'K-2', action: 'reject', note: 'Tokens must never be pasted in chat' }
    ])
    expect(titles(wrapper)).toEqual(['Reset the SSO cache'])
    expect(engine.entries.find((entry) => entry.id === 'K-2')?.review).toBe('rejected')
    wrapper.unmount()
  })

  it('edits the title and the steps, one per line, and sends only what changed', async () => {
    const engine = engineWithQueue()
    const wrapper = await openQueue(engine)
    await click(card(wrapper, 'K-1'), 'Edit')
    const editor = card(wrapper, 'K-1').get('[data-testid="entry-editor"]')
    await editor.get('input[name="title"]').setValue('Clear the SSO session cache')
    await editor
      .get('textarea[name="resolution"]')
      .setValue('Open Admin > SSO\n\n  Clear the session cache \n')
    await editor.trigger('submit')
    await flushPromises()

    expect(engine.callsTo('knowledge.review')).toEqual([
      {
        entryId: 'K-1',
        action: 'edit',
        edit: {
          title: 'Clear the SSO session cache',
          resolution: ['Open Admin > SSO', 'Clear the session cache']
        }
      }
    ])
    const edited = card(wrapper, 'K-1')
    expect(edited.get('h3').text()).toBe('Clear the SSO session cache')
    expect(edited.findAll('ol > li').map((step) => step.text())).toEqual([
      'Open Admin > SSO',
      'Clear the session cache'
    ])
    expect(edited.find('[data-testid="entry-editor"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("keeps the editor open with the engine's words when it refuses an edit", async () => {
    const engine = engineWithQueue()
    engine.failures.set('knowledge.review', {
      code: 'KNOWLEDGE_UNAVAILABLE',
      message: 'The knowledge of team cloud-support is read-only until its file is fixed'
    })
    const wrapper = await openQueue(engine)
    await click(card(wrapper, 'K-1'), 'Edit')
    const editor = () => card(wrapper, 'K-1').get('[data-testid="entry-editor"]')
    await editor().get('input[name="title"]').setValue('Clear the SSO session cache')
    await editor().trigger('submit')
    await flushPromises()

    expect(editor().get('[data-testid="editor-error"]').text()).toBe(
      'The knowledge of team cloud-support is read-only until its file is fixed'
    )
    expect(editor().get<HTMLInputElement>('input[name="title"]').element.value).toBe(
      'Clear the SSO session cache'
    )
    expect(card(wrapper, 'K-1').get('h3').text()).toBe('Reset the SSO cache')
    wrapper.unmount()
  })

  it('warns about a risky entry in the queue and in the full list', async () => {
    const engine = engineWithQueue()
    engine.entries[1] = { ...engine.entries[1]!, risk: 'Held for review: it reveals a credential.' }
    const wrapper = await openKnowledge(engine)
    const warning = () => card(wrapper, 'K-2').get('[data-testid="risk-warning"]').text()
    expect(warning()).toBe('Risky: Held for review: it reveals a credential.')
    expect(card(wrapper, 'K-1').find('[data-testid="risk-warning"]').exists()).toBe(false)

    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    expect(warning()).toBe('Risky: Held for review: it reveals a credential.')
    wrapper.unmount()
  })
})
