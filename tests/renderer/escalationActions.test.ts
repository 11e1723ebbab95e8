import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SuggestionActions from '../../src/renderer/src/components/SuggestionActions.vue'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeSuggestion, makeTicket } from './fixtures'

const alert = makeSuggestion({ id: 'S-alert', kind: 'escalation', severity: 'critical', citations: [] })

const buttonNames = (suggestion = makeSuggestion()) =>
  mount(SuggestionActions, { props: { suggestion }, global: { plugins: appPlugins(new FakeEngine()) } })
    .findAll('button')
    .map((button) => button.text())

describe('actions of an escalation alert', () => {
  it('offer no Adopt in the workbench: an alert is not a reply (a knowledge card still offers it)', () => {
    expect(buttonNames(alert)).not.toContain('Adopt')
    expect(buttonNames(alert)).toContain('Post as internal note')
    expect(buttonNames(makeSuggestion())).toContain('Adopt')
  })

  it('offer no Adopt in the overlay, and the adopt key does nothing on an alert', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [alert]
    const wrapper = mount(OverlayApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
    await flushPromises()
    await wrapper.get('[data-testid="card-line"]').trigger('click')
    const actions = wrapper.get('[role="group"][aria-label="Card actions"]').findAll('button')
    expect(actions.map((button) => button.text())).not.toContain('Adopt')
    expect(actions.map((button) => button.text())).toContain('Dismiss')
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([])
    wrapper.unmount()
  })
})
