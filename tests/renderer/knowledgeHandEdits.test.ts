import { describe, expect, it } from 'vitest'
import { FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
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
    expect(wrapper.get('[data-testid="entry-created"]').text()).toContain(
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
    const banner = wrapper.get('[data-testid="entry-created"]').text()
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
})
