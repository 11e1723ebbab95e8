import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { at, makeSuggestion, makeTicket } from './fixtures'

async function mountOverlay(engine: FakeEngine) {
  const wrapper = mount(OverlayApp, { global: { plugins: appPlugins(engine) } })
  await flushPromises()
  return wrapper
}

const cardTitles = (wrapper: Awaited<ReturnType<typeof mountOverlay>>) =>
  wrapper.findAll('[data-testid="suggestion-card"] h3').map((title) => title.text())

function engineWithTwoSuggestions(): FakeEngine {
  const engine = new FakeEngine()
  engine.tickets = [makeTicket(), makeTicket({ id: 'T-200', subject: 'Billing export fails' })]
  engine.suggestions = [
    makeSuggestion({ id: 'S-old', title: 'Older', createdAt: at(2) }),
    makeSuggestion({ id: 'S-new', title: 'Newer', ticketId: 'T-200', createdAt: at(5) })
  ]
  return engine
}

describe('overlay', () => {
  it('lists suggestions newest first and leaves out dismissed ones', async () => {
    const engine = engineWithTwoSuggestions()
    engine.suggestions.push(
      makeSuggestion({
        id: 'S-gone',
        title: 'Dismissed earlier',
        createdAt: at(9),
        feedback: [{ suggestionId: 'S-gone', kind: 'dismissed', at: at(10) }]
      })
    )
    const wrapper = await mountOverlay(engine)
    expect(cardTitles(wrapper)).toEqual(['Newer', 'Older'])
  })

  it('Dismiss removes the card', async () => {
    const wrapper = await mountOverlay(engineWithTwoSuggestions())
    const newer = wrapper.findAll('[data-testid="suggestion-card"]')[0]!
    await newer
      .findAll('button')
      .find((b) => b.text() === 'Dismiss')!
      .trigger('click')
    await flushPromises()
    expect(cardTitles(wrapper)).toEqual(['Older'])
  })

  it('shows a pushed suggestion.added at the top', async () => {
    const engine = engineWithTwoSuggestions()
    const wrapper = await mountOverlay(engine)
    engine.push({
      event: 'suggestion.added',
      payload: makeSuggestion({ id: 'S-live', title: 'Just now', createdAt: at(30) })
    })
    await flushPromises()
    expect(cardTitles(wrapper)).toEqual(['Just now', 'Newer', 'Older'])
  })

  it('says how many tickets it watches when there is nothing to suggest', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket(), makeTicket({ id: 'T-2' }), makeTicket({ id: 'T-3', status: 'resolved' })]
    const wrapper = await mountOverlay(engine)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toBe(
      'Watching 2 tickets — nothing to suggest yet'
    )
  })

  it('clamps a long text until the analyst asks for all of it', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [
      makeSuggestion({ text: Array.from({ length: 10 }, (_, i) => `Step ${i}`).join('\n') })
    ]
    const wrapper = await mountOverlay(engine)
    expect(wrapper.get('.text').classes()).toContain('clamped')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Show full text')!
      .trigger('click')
    expect(wrapper.get('.text').classes()).not.toContain('clamped')
  })

  it('shows the engine status in the header', async () => {
    const engine = new FakeEngine()
    const wrapper = await mountOverlay(engine)
    engine.push({
      event: 'engine.status',
      payload: {
        ...engine.status,
        knowledgeEntries: 12,
        source: { ...engine.status.source, state: 'paused' }
      }
    })
    await flushPromises()
    const status = wrapper.get('[data-testid="engine-status"]').text()
    expect(status).toContain('Demo paused')
    expect(status).toContain('12 entries')
  })
})
