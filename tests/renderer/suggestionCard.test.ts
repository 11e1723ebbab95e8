import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import SuggestionCard from '../../src/renderer/src/components/SuggestionCard.vue'
import { useSuggestionsStore } from '../../src/renderer/src/stores/suggestions'
import { useTicketsStore } from '../../src/renderer/src/stores/tickets'
import type { Suggestion } from '../../src/shared/domain'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeSuggestion, makeTicket } from './fixtures'

const originalClipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard')
afterEach(() => {
  if (originalClipboard) Object.defineProperty(navigator, 'clipboard', originalClipboard)
})

function useClipboard(writeText: (text: string) => Promise<void>): void {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
}

/** Renders the card from the store, as the pages do, so recorded feedback flows back into its props. */
function mountCard(suggestion: Suggestion = makeSuggestion()) {
  const engine = new FakeEngine()
  engine.tickets = [makeTicket()]
  engine.suggestions = [suggestion]
  const Host = defineComponent(() => {
    const store = useSuggestionsStore()
    store.merge([suggestion])
    useTicketsStore().tickets = [makeTicket()]
    return () => store.items.map((item) => h(SuggestionCard, { suggestion: item, key: item.id }))
  })
  const wrapper = mount(Host, { global: { plugins: appPlugins(engine) } })
  return { engine, wrapper }
}

const button = (wrapper: ReturnType<typeof mountCard>['wrapper'], name: string) =>
  wrapper.findAll('button').find((b) => b.text() === name)!

describe('SuggestionCard', () => {
  it('shows the kind badge, ticket, citations with why they are relevant, and the reason', async () => {
    const { wrapper } = mountCard(
      makeSuggestion({
        citations: [
          {
            entryId: 'K-7',
            title: 'VPN lease expiry',
            sourceTicketIds: ['T-42', 'T-57'],
            score: 0.8,
            relevance: 'matches the symptom ("disconnects"); confirmed on 2 cases',
            steps: ['Raise the DHCP lease time to 24 hours.', 'Reconnect the VPN client.']
          }
        ]
      })
    )
    expect(wrapper.get('[data-testid="kind-badge"]').text()).toBe('Answer')
    expect(wrapper.text()).toContain('T-100 · VPN drops every hour')
    // Relevance is said in words; no raw similarity shown as a percentage.
    expect(wrapper.text()).not.toMatch(/\d+%/)
    expect(wrapper.get('[data-testid="citation-relevance"]').text()).toContain('confirmed on 2 cases')
    // The full entry is one click away from the distilled card.
    const steps = wrapper.get('[data-testid="citation-steps"]')
    // Its lines are the entry's text as learned (cause, steps, remarks): not numbered or counted as steps.
    expect(steps.get('summary').text()).toBe('Full entry as learned')
    expect(steps.findAll('ol')).toHaveLength(0)
    expect(steps.findAll('ul li').map((item) => item.text())).toEqual([
      'Raise the DHCP lease time to 24 hours.',
      'Reconnect the VPN client.'
    ])
    expect(wrapper.get('[data-testid="citations"]').text()).toContain('VPN lease expiry')
    expect(wrapper.get('[data-testid="citations"]').text()).toContain('T-42, T-57')
    expect(wrapper.get('[data-testid="suggestion-reason"]').text()).toBe(
      'Why: The customer describes hourly disconnects, like T-42.'
    )
  })

  it("prints a citation's relevance once: not beside the source when the card's reason already says it", async () => {
    const relevance = 'matches the symptom ("disconnects"); confirmed on 2 cases'
    const { wrapper } = mountCard(
      makeSuggestion({
        reason: `The customer reported an error or failure; "VPN lease expiry" ${relevance}.`,
        citations: [
          { entryId: 'K-7', title: 'VPN lease expiry', sourceTicketIds: ['T-42'], score: 0.8, relevance },
          {
            entryId: 'K-8',
            title: 'DHCP pool exhausted',
            sourceTicketIds: ['T-50'],
            score: 0.5,
            relevance: 'matches the symptom ("dhcp"); from one earlier case (T-50)'
          }
        ]
      })
    )
    expect(wrapper.text().split('confirmed on 2 cases')).toHaveLength(2)
    expect(wrapper.findAll('[data-testid="citation-relevance"]').map((item) => item.text())).toEqual([
      '· matches the symptom ("dhcp"); from one earlier case (T-50)'
    ])
  })

  it('labels a similar case as such', async () => {
    const { wrapper } = mountCard(makeSuggestion({ kind: 'similar_case' }))
    expect(wrapper.get('[data-testid="kind-badge"]').text()).toBe('Similar case')
  })

  it('names the first three source tickets and "and N more", the whole list one click away', async () => {
    const many = ['T-1', 'T-2', 'T-3', 'T-4', 'T-5', 'T-6', 'T-7']
    const { wrapper } = mountCard(
      makeSuggestion({
        citations: [{ entryId: 'K-9', title: 'Nightly sync 429', sourceTicketIds: many, score: 0.8 }]
      })
    )
    await flushPromises()
    const from = () => wrapper.get('[data-testid="citation-from"]').text().replace(/\s+/g, ' ')
    expect(from()).toBe('from T-1, T-2, T-3 and 4 more')
    await wrapper.get('[data-testid="citation-from"] button').trigger('click')
    expect(from()).toBe(`from ${many.join(', ')}`)
    wrapper.unmount()
  })

  it('shows a summary without citations and without an empty sources list', async () => {
    const { wrapper } = mountCard(makeSuggestion({ kind: 'summary', citations: [], generated: true }))
    expect(wrapper.get('[data-testid="kind-badge"]').text()).toBe('Case summary')
    expect(wrapper.text()).toContain('drafted')
    expect(wrapper.find('[data-testid="citations"]').exists()).toBe(false)
  })

  it('shows a risky card flagged with its reason, and Adopt asks before copying or recording', async () => {
    const copied: string[] = []
    useClipboard(async (text) => void copied.push(text))
    const { engine, wrapper } = mountCard(makeSuggestion({ risk: 'asks for credentials' }))
    expect(wrapper.get('[data-testid="suggestion-risk"]').text()).toContain('FLAGGED: asks for credentials')
    expect(wrapper.get('[data-testid="suggestion-card"]').classes()).toContain('flagged')
    await wrapper.get('[data-testid="adopt"]').trigger('click')
    await flushPromises()
    expect(copied).toEqual([])
    expect(engine.callsTo('suggestions.react')).toEqual([])
    expect(wrapper.get('[data-testid="risk-confirm"]').text()).toContain('asks for credentials')
    expect(wrapper.get('[data-testid="adopt"]').text()).toBe('Adopt anyway')
    await wrapper.get('[data-testid="adopt"]').trigger('click')
    await flushPromises()
    expect(copied).toHaveLength(1)
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-1', kind: 'adopted' }])
  })

  it('a card that passed the checks has no flag and adopts with one click', async () => {
    useClipboard(async () => undefined)
    const { engine, wrapper } = mountCard()
    expect(wrapper.find('[data-testid="suggestion-risk"]').exists()).toBe(false)
    await wrapper.get('[data-testid="adopt"]').trigger('click')
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-1', kind: 'adopted' }])
  })

  it('Like records "liked" and shows the button pressed', async () => {
    const { engine, wrapper } = mountCard()
    expect(button(wrapper, 'Like').attributes('aria-pressed')).toBe('false')
    await button(wrapper, 'Like').trigger('click')
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-1', kind: 'liked' }])
    expect(button(wrapper, 'Like').attributes('aria-pressed')).toBe('true')
    expect(button(wrapper, 'Dislike').attributes('aria-pressed')).toBe('false')
  })

  it('Adopt copies the text and records "adopted"', async () => {
    const copied: string[] = []
    useClipboard(async (text) => void copied.push(text))
    const { engine, wrapper } = mountCard()
    await button(wrapper, 'Adopt').trigger('click')
    await flushPromises()
    expect(copied).toEqual(['Please reconnect after running `vpn renew`.'])
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-1', kind: 'adopted' }])
  })

  it("shows the analyst's vendor note on the card, and Adopt copies the text without it", async () => {
    const copied: string[] = []
    useClipboard(async (text) => void copied.push(text))
    const note = 'That case was with Okta; this ticket names OneLogin. Step 1 is for Okta only.'
    const { wrapper } = mountCard(makeSuggestion({ note }))
    expect(wrapper.get('[data-testid="card-note"]').text()).toBe(`Note: ${note}`)
    await button(wrapper, 'Adopt').trigger('click')
    await flushPromises()
    expect(copied).toEqual(['Please reconnect after running `vpn renew`.'])
  })

  it('Adopt still records "adopted" when the clipboard refuses', async () => {
    useClipboard(() => Promise.reject(new Error('denied')))
    const { engine, wrapper } = mountCard()
    await button(wrapper, 'Adopt').trigger('click')
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-1', kind: 'adopted' }])
  })

  it('Dismiss sends the chosen reason', async () => {
    const { engine, wrapper } = mountCard()
    await button(wrapper, 'Reason…').trigger('click')
    await button(wrapper, 'Not relevant').trigger('click')
    await button(wrapper, 'Dismiss').trigger('click')
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([
      { suggestionId: 'S-1', kind: 'dismissed', reason: 'Not relevant' }
    ])
  })

  it('a dismissed card says so with a label instead of fading (faded text fails contrast)', async () => {
    const { wrapper } = mountCard()
    expect(wrapper.find('[data-testid="dismissed-tag"]').exists()).toBe(false)
    await button(wrapper, 'Dismiss').trigger('click')
    await flushPromises()
    expect(wrapper.find('.card').classes()).toContain('dismissed')
    expect(wrapper.find('[data-testid="dismissed-tag"]').text()).toBe('dismissed')
  })

  it("shows the engine's words when feedback is refused", async () => {
    const { engine, wrapper } = mountCard()
    engine.failures.set('suggestions.react', { code: 'NOT_FOUND', message: 'That suggestion is gone' })
    await button(wrapper, 'Dislike').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe('That suggestion is gone')
  })

  it('posts the text as an internal note on its ticket and says where', async () => {
    const { engine, wrapper } = mountCard(makeSuggestion({ ticketId: 'NIM-1001' }))
    await button(wrapper, 'Post as internal note').trigger('click')
    await flushPromises()
    expect(engine.callsTo('suggestions.postNote')).toEqual([{ suggestionId: 'S-1' }])
    expect(engine.notes).toEqual([
      { ticketId: 'NIM-1001', text: 'Please reconnect after running `vpn renew`.' }
    ])
    expect(wrapper.get('[data-testid="note-status"]').text()).toBe('Posted to NIM-1001 as an internal note')
    // Posted once: a second click would put the same note on the ticket twice.
    expect(button(wrapper, 'Post as internal note').attributes()).toHaveProperty('disabled')
  })

  it("shows the system's words when a note cannot be posted", async () => {
    const { engine, wrapper } = mountCard()
    engine.failures.set('suggestions.postNote', {
      code: 'NOT_FOUND',
      message: 'Ticket T-100 did not come from a connected system'
    })
    await button(wrapper, 'Post as internal note').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="note-status"]').text()).toBe(
      'Ticket T-100 did not come from a connected system'
    )
    expect(wrapper.get('[data-testid="note-status"]').classes()).toContain('error')
  })
})
