import { describe, expect, it } from 'vitest'
import { FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
import { flushPromises } from '@vue/test-utils'
import { buttonNamed, card, click, openKnowledge } from './knowledgeTestKit'

describe('knowledge written and kept by hand', () => {
  it('checks a new entry before sending: the problem is named under its field and the text typed stays', async () => {
    const engine = new FakeEngine()
    const wrapper = await openKnowledge(engine)
    await click(wrapper, 'New entry')
    const form = () => wrapper.get('form[aria-label="New entry"]')
    await form().get('input[name="title"]').setValue('Exports over 1 GB fail with 504')
    await form().get('textarea[name="resolution"]').setValue('Use the asynchronous export.')
    await form().trigger('submit')

    expect(engine.callsTo('knowledge.create')).toEqual([])
    const problem = form().get('textarea[name="problem"]')
    expect(problem.attributes('aria-invalid')).toBe('true')
    const errorId = problem.attributes('aria-describedby')!
    expect(form().get(`#${errorId}`).text()).toBe('Problem: describe what the customer sees')
    expect(form().findAll('[data-testid="field-error"]')).toHaveLength(1)
    expect((form().get('input[name="title"]').element as HTMLInputElement).value).toBe(
      'Exports over 1 GB fail with 504'
    )

    await problem.setValue('A large CSV export stops with 504 Gateway Timeout.')
    await form().trigger('submit')
    await new Promise((resolve) => setTimeout(resolve))
    expect(engine.callsTo('knowledge.create')).toEqual([
      {
        title: 'Exports over 1 GB fail with 504',
        problem: 'A large CSV export stops with 504 Gateway Timeout.',
        resolution: ['Use the asynchronous export.']
      }
    ])
    expect(wrapper.find('form[aria-label="New entry"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="knowledge-outcome"]').text()).toContain(
      'Created “Exports over 1 GB fail with 504”'
    )
    expect(card(wrapper, 'kb-written-1').get('[data-testid="entry-meta"]').text()).toContain(
      'written by Analyst'
    )
    wrapper.unmount()
  })

  it('says a new entry with risky steps is held for review, and why, instead of "active now"', async () => {
    const engine = new FakeEngine()
    engine.createHeldAsRisky = 'asks for credentials and deletes data'
    const wrapper = await openKnowledge(engine)
    await click(wrapper, 'New entry')
    const form = () => wrapper.get('form[aria-label="New entry"]')
    await form().get('input[name="title"]').setValue('Reset the share')
    await form().get('textarea[name="problem"]').setValue('The share is stuck')
    await form()
      .get('textarea[name="resolution"]')
      .setValue('Ask for the admin password, then delete the files')
    await form().trigger('submit')
    await new Promise((resolve) => setTimeout(resolve))
    const banner = wrapper.get('[data-testid="knowledge-outcome"]').text()
    expect(banner).toContain('Created “Reset the share” as a draft, held for review')
    expect(banner).toContain('asks for credentials and deletes data')
    expect(banner).not.toContain('active now')
    wrapper.unmount()
  })

  it('shows the engine’s refusal under the field it names, keeping the text', async () => {
    const engine = new FakeEngine()
    engine.failures.set('knowledge.create', {
      code: 'BAD_INPUT',
      message: 'Title: an active entry already has this title (K-7); edit that one, or name this one apart'
    })
    const wrapper = await openKnowledge(engine)
    await click(wrapper, 'New entry')
    const form = () => wrapper.get('form[aria-label="New entry"]')
    await form().get('input[name="title"]').setValue('VPN lease expiry')
    await form().get('textarea[name="problem"]').setValue('VPN drops every hour')
    await form().get('textarea[name="resolution"]').setValue('Run vpn renew')
    await form().trigger('submit')
    await new Promise((resolve) => setTimeout(resolve))
    const title = form().get('input[name="title"]')
    expect(title.attributes('aria-invalid')).toBe('true')
    expect(
      form()
        .get(`#${title.attributes('aria-describedby')}`)
        .text()
    ).toContain('an active entry already has this title (K-7)')
    expect((form().get('textarea[name="problem"]').element as HTMLTextAreaElement).value).toBe(
      'VPN drops every hour'
    )
    wrapper.unmount()
  })

  it('edits an active entry, retires it with a reason, and restores it', async () => {
    const engine = new FakeEngine()
    engine.entries = [makeEntry()]
    const wrapper = await openKnowledge(engine)
    const entry = () => card(wrapper, 'K-7')
    await click(entry(), 'Edit')
    await entry()
      .get('textarea[name="resolution"]')
      .setValue('Run vpn renew\nReconnect\nCheck the lease time')
    await entry().get('form').trigger('submit')
    await new Promise((resolve) => setTimeout(resolve))
    expect(engine.callsTo('knowledge.edit')).toEqual([
      { entryId: 'K-7', edit: { resolution: ['Run vpn renew', 'Reconnect', 'Check the lease time'] } }
    ])
    expect(entry().get('[data-testid="entry-meta"]').text()).toMatch(/^v2 /)

    await click(entry(), 'Retire')
    await entry().get('input[name="note"]').setValue('replaced by the new VPN client')
    await click(entry(), 'Confirm retire')
    expect(engine.callsTo('knowledge.setStatus')).toEqual([
      { entryId: 'K-7', action: 'retire', note: 'replaced by the new VPN client' }
    ])
    expect(entry().get('[data-testid="entry-status"]').text()).toBe('retired')
    expect(buttonNamed(entry(), 'Edit')).toBeUndefined()

    await click(entry(), 'Restore')
    expect(engine.callsTo('knowledge.setStatus').at(-1)).toEqual({ entryId: 'K-7', action: 'restore' })
    expect(entry().get('[data-testid="entry-status"]').text()).toBe('active')
    wrapper.unmount()
  })

  it('says each action’s outcome in one live status line, replacing the one before (a refusal clears it)', async () => {
    const engine = new FakeEngine()
    engine.createHeldAsRisky = 'asks for credentials'
    const wrapper = await openKnowledge(engine)
    const line = () => wrapper.get('[data-testid="knowledge-outcome"]')
    // In the page before anything is said, so a screen reader announces what comes into it.
    expect(line().attributes('role')).toBe('status')
    expect(line().attributes('aria-live')).toBe('polite')
    expect(line().text()).toBe('')

    await click(wrapper, 'New entry')
    const form = () => wrapper.get('form[aria-label="New entry"]')
    await form().get('input[name="title"]').setValue('Verify a caller')
    await form().get('textarea[name="problem"]').setValue('A caller cannot prove who they are')
    await form().get('textarea[name="resolution"]').setValue('Ask the user for their password')
    await form().trigger('submit')
    await flushPromises()
    expect(line().text()).toMatch(/^Created “Verify a caller” as a draft/)
    const id = engine.entries[0]!.id

    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    await click(card(wrapper, id), 'Reject')
    await click(card(wrapper, id), 'Confirm reject')
    expect(line().text()).toBe(
      'Rejected “Verify a caller”: it is not suggested; Restore sends it back to the Review queue.'
    )

    await wrapper.get('[data-testid="knowledge-view-all"]').trigger('click')
    await flushPromises()
    await click(card(wrapper, id), 'Restore to review')
    expect(line().text()).toBe(
      'Restored “Verify a caller” to the Review queue: it is not suggested until someone approves it.'
    )
    expect(wrapper.findAll('[role="status"]').filter((s) => s.text().includes('Created'))).toEqual([])

    engine.failures.set('knowledge.review', { code: 'BAD_INPUT', message: 'K is not waiting for review' })
    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    await click(card(wrapper, id), 'Approve')
    expect(line().text()).toBe('')
    expect(card(wrapper, id).get('[data-testid="review-actions"] [role="alert"]').text()).toContain(
      'not waiting for review'
    )
    wrapper.unmount()
  })

  it('says that rejecting a pending update leaves the published version active', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({ id: 'K-9', title: 'Renew the VPN lease', status: 'draft', review: 'pending' })
    ]
    const wrapper = await openKnowledge(engine)
    await wrapper.get('[data-testid="knowledge-view-review"]').trigger('click')
    await flushPromises()
    // The engine answers a rejected update with the published version, active again as a new version.
    engine.keepPublishedOnReject = true
    await click(card(wrapper, 'K-9'), 'Reject')
    await click(card(wrapper, 'K-9'), 'Confirm reject')
    expect(wrapper.get('[data-testid="knowledge-outcome"]').text()).toBe(
      'Rejected the change to “Renew the VPN lease”: the published version stays active (now version 2).'
    )
    wrapper.unmount()
  })
})
