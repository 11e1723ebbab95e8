import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import { appPlugins, DesktopFakeEngine, FakeEngine } from './fakeEngine'
import { at, makeSuggestion, makeTicket } from './fixtures'

async function mountOverlay(engine: FakeEngine) {
  const wrapper = mount(OverlayApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}
type Overlay = Awaited<ReturnType<typeof mountOverlay>>

const cardTitles = (wrapper: Overlay) =>
  wrapper.findAll('[data-testid="card-title"]').map((title) => title.text())
const selectedTitle = (wrapper: Overlay) =>
  wrapper.get('[aria-current="true"] [data-testid="card-title"]').text()

async function press(key: string, target: EventTarget = document.body): Promise<void> {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  await flushPromises()
}

function engineWithThreeSuggestions<T extends FakeEngine>(engine: T): T {
  engine.tickets = [makeTicket(), makeTicket({ id: 'T-200', subject: 'Billing export fails' })]
  engine.suggestions = [
    makeSuggestion({ id: 'S-old', title: 'Oldest', createdAt: at(2) }),
    makeSuggestion({ id: 'S-mid', title: 'Middle', ticketId: 'T-200', createdAt: at(4) }),
    makeSuggestion({ id: 'S-new', title: 'Newest', ticketId: 'T-200', createdAt: at(5) })
  ]
  return engine
}

let mounted: Overlay | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  localStorage.clear()
})
const open = async (engine: FakeEngine) => (mounted = await mountOverlay(engine))

describe('overlay', () => {
  it('lists compact cards newest first, one line each, and leaves out dismissed ones', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    engine.suggestions.push(
      makeSuggestion({
        id: 'S-gone',
        title: 'Dismissed earlier',
        createdAt: at(9),
        feedback: [{ suggestionId: 'S-gone', kind: 'dismissed', at: at(10) }]
      })
    )
    const wrapper = await open(engine)
    expect(cardTitles(wrapper)).toEqual(['Newest', 'Middle', 'Oldest'])
    // Collapsed: kind, title and ticket on the line; no text, reason or actions until opened.
    const line = wrapper.get('[data-testid="card-line"]')
    expect(line.text()).toContain('Answer')
    expect(line.text()).toContain('T-200')
    expect(wrapper.find('[data-testid="card-body"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="adopt"]').exists()).toBe(false)
  })

  it('opens a card on a click: text, why, sources and one row of actions', async () => {
    const wrapper = await open(engineWithThreeSuggestions(new FakeEngine()))
    await wrapper.get('[data-testid="card-line"]').trigger('click')
    const body = wrapper.get('[data-testid="card-body"]')
    expect(body.get('[data-testid="card-text"]').text()).toBe('Please reconnect after running `vpn renew`.')
    expect(body.get('[data-testid="suggestion-reason"]').text()).toContain('hourly disconnects')
    expect(body.get('[data-testid="citations"]').text()).toContain('VPN lease expiry')
    const actions = body.get('[role="group"][aria-label="Card actions"]').findAll('button')
    expect(actions.map((button) => button.text())).toEqual([
      'Adopt',
      'Like',
      'Dislike',
      'Dismiss',
      'Snooze',
      '⋯'
    ])
  })

  it('cards of a ticket that gets resolved leave on their own', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    const wrapper = await open(engine)
    engine.push({ event: 'ticket.changed', payload: makeTicket({ id: 'T-200', status: 'resolved' }) })
    await flushPromises()
    expect(cardTitles(wrapper)).toEqual(['Oldest'])
  })

  it('shows a pushed suggestion.added at the top without moving the selection', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    const wrapper = await open(engine)
    await press('j')
    engine.push({
      event: 'suggestion.added',
      payload: makeSuggestion({ id: 'S-live', title: 'Just now', createdAt: at(30) })
    })
    await flushPromises()
    expect(cardTitles(wrapper)).toEqual(['Just now', 'Newest', 'Middle', 'Oldest'])
    expect(selectedTitle(wrapper)).toBe('Middle')
  })

  it('j and k move the selection, Enter opens the selected card, and only it is a Tab stop', async () => {
    const wrapper = await open(engineWithThreeSuggestions(new FakeEngine()))
    expect(selectedTitle(wrapper)).toBe('Newest')
    await press('j')
    await press('ArrowDown')
    expect(selectedTitle(wrapper)).toBe('Oldest')
    await press('j')
    expect(selectedTitle(wrapper), 'the selection stops at the last card').toBe('Oldest')
    await press('k')
    expect(selectedTitle(wrapper)).toBe('Middle')
    const tabStops = wrapper
      .findAll('[data-testid="card-line"]')
      .filter((line) => line.attributes('tabindex') === '0')
    expect(tabStops).toHaveLength(1)
    expect(document.activeElement?.closest('[data-suggestion-id]')?.getAttribute('data-suggestion-id')).toBe(
      'S-mid'
    )
    await press('o')
    expect(wrapper.get('[aria-current="true"]').find('[data-testid="card-body"]').exists()).toBe(true)
  })

  it('keys typed into the Ask field stay text', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    const wrapper = await open(engine)
    const input = wrapper.get('[data-testid="ask-input"]')
    await press('j', input.element)
    await press('d', input.element)
    expect(selectedTitle(wrapper)).toBe('Newest')
    expect(engine.callsTo('suggestions.react')).toEqual([])
  })

  it('c adopts the selected card: the text is copied and the button says so', async () => {
    const writeText = vi.fn(async (_text: string) => undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    try {
      const engine = engineWithThreeSuggestions(new FakeEngine())
      const wrapper = await open(engine)
      await press('j')
      await press('Enter')
      await press('c')
      expect(writeText).toHaveBeenCalledWith('Please reconnect after running `vpn renew`.')
      expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-mid', kind: 'adopted' }])
      expect(wrapper.get('[aria-current="true"] [data-testid="adopt"]').text()).toBe('Copied ✓')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('d dismisses the selected card and selects the one that takes its place', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    const wrapper = await open(engine)
    await press('j')
    await press('d')
    expect(cardTitles(wrapper)).toEqual(['Newest', 'Oldest'])
    expect(selectedTitle(wrapper)).toBe('Oldest')
  })

  it('d on the only card says it was dismissed, and Ask (and /) stays about its ticket', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket({ id: 'NIM-1010', subject: 'Is Microsoft SSO down?' })]
    engine.suggestions = [makeSuggestion({ id: 'S-only', ticketId: 'NIM-1010', title: 'Okta case' })]
    const wrapper = await open(engine)
    await press('d')
    expect(cardTitles(wrapper)).toEqual([])
    expect(wrapper.get('[data-testid="empty-state"]').text()).toBe(
      'Dismissed: nothing else to suggest on NIM-1010'
    )
    expect(wrapper.get('[data-testid="overlay-ask"]').text()).toContain('Ask about NIM-1010')
    await press('/')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="ask-input"]').element)
  })

  it('s offers snooze times; a snoozed ticket’s cards leave and come back on Show now', async () => {
    const wrapper = await open(engineWithThreeSuggestions(new FakeEngine()))
    await press('s')
    const choices = wrapper.get('[data-testid="snooze-choices"]')
    expect(choices.findAll('button').map((button) => button.text())).toEqual(['15 min', '1 hour', '4 hours'])
    await choices.findAll('button')[1]!.trigger('click')
    expect(cardTitles(wrapper)).toEqual(['Oldest'])
    const snoozed = wrapper.get('[data-testid="snoozed"]')
    expect(snoozed.text()).toContain('1 ticket snoozed')
    await snoozed.get('button').trigger('click')
    expect(wrapper.get('[data-testid="snoozed-ticket"]').text()).toContain('T-200')
    expect(wrapper.get('[data-testid="snoozed-ticket"]').text()).toContain('2 cards hidden')
    await wrapper.get('[data-testid="snoozed-ticket"] button').trigger('click')
    expect(cardTitles(wrapper)).toEqual(['Newest', 'Middle', 'Oldest'])
  })

  it('? shows the keys and the global shortcuts as configured in the settings', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    engine.settings.overlay.shortcuts.next = 'CommandOrControl+Alt+N'
    engine.settings.overlay.shortcuts.dismiss = ''
    const wrapper = await open(engine)
    await press('?')
    const help = wrapper.get('[data-testid="overlay-help"]')
    expect(help.text()).toContain('Next card')
    const global = help.get('[data-testid="global-shortcuts"]').text()
    expect(global).toContain('Ctrl+Alt+N')
    expect(global).toContain('Ctrl+Shift+Space')
    expect(global).toContain('not set')
    await press('Escape')
    expect(wrapper.find('[data-testid="overlay-help"]').exists()).toBe(false)
  })

  it('/ puts the keyboard in the Ask field, about the selected card’s ticket', async () => {
    const wrapper = await open(engineWithThreeSuggestions(new FakeEngine()))
    await press('j')
    await press('j')
    await press('/')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="ask-input"]').element)
    expect(wrapper.get('[data-testid="overlay-ask"]').text()).toContain('Ask about T-100')
  })

  it('an answer opens over the list instead of taking room from it', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    const wrapper = await open(engine)
    await wrapper.get('[data-testid="ask-input"]').setValue('What fixed this?')
    await wrapper.get('[data-testid="overlay-ask"] form').trigger('submit')
    await flushPromises()
    const sheet = wrapper.get('[data-testid="ask-sheet"]')
    expect(sheet.text()).toContain('Answer to: What fixed this?')
    // The sheet lives inside the Ask strip, positioned over the list: the list's own box is not shared with it.
    expect(wrapper.get('[data-testid="suggestion-list"]').find('[data-testid="ask-sheet"]').exists()).toBe(
      false
    )
    expect(sheet.element.parentElement?.getAttribute('data-testid')).toBe('overlay-ask')
  })

  it('runs the desktop shell’s global shortcuts on the selected card', async () => {
    const engine = engineWithThreeSuggestions(new DesktopFakeEngine())
    const wrapper = await open(engine)
    engine.sendOverlayCommand('next')
    engine.sendOverlayCommand('dismiss')
    await flushPromises()
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-mid', kind: 'dismissed' }])
    expect(selectedTitle(wrapper)).toBe('Oldest')
    engine.sendOverlayCommand('adopt')
    await flushPromises()
    // The desktop engine copies through the system clipboard, so the button says Copied even without page access.
    expect(engine.callsTo('suggestions.react')).toContainEqual({ suggestionId: 'S-old', kind: 'adopted' })
    expect(wrapper.get('[aria-current="true"]').text()).not.toContain('Adopt') // collapsed card: no button shown
    await press('Enter')
    expect(wrapper.get('[aria-current="true"] [data-testid="adopt"]').text()).toBe('Copied ✓')
  })

  it('in the desktop app, a click on the cards takes the keyboard and Escape gives it back', async () => {
    const engine = engineWithThreeSuggestions(new DesktopFakeEngine())
    const wrapper = await open(engine)
    await wrapper.get('[data-testid="card-line"]').trigger('pointerdown')
    expect(engine.focusLog).toEqual(['request'])
    await press('j')
    expect(selectedTitle(wrapper)).toBe('Middle')
    await press('Escape')
    expect(engine.focusLog).toEqual(['request', 'release'])
  })

  it('marks a flagged card on its one line, before it is opened', async () => {
    const engine = engineWithThreeSuggestions(new FakeEngine())
    engine.suggestions[2] = { ...engine.suggestions[2]!, risk: 'it deletes every user' }
    const wrapper = await open(engine)
    const card = wrapper.get('[data-suggestion-id="S-new"]')
    expect(card.classes()).toContain('flagged')
    expect(card.get('[data-testid="flagged-tag"]').text()).toBe('Flagged')
    expect(card.attributes('aria-label')).toContain('flagged')
  })

  it('keeps the collapsed line for what the badge does not say: no repeated "Similar past case"', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [
      makeSuggestion({
        id: 'S-similar',
        kind: 'similar_case',
        title: 'Similar past case NIM-1007: CSV export fails with 504 Gateway Timeout'
      })
    ]
    const wrapper = await open(engine)
    expect(wrapper.get('[data-testid="kind-badge"]').text()).toBe('Similar case')
    expect(cardTitles(wrapper)).toEqual(['NIM-1007: CSV export fails with 504 Gateway Timeout'])
    expect(wrapper.get('[data-testid="card-line"]').text()).not.toContain('Similar past case')
  })

  it('says how many tickets it watches when there is nothing to suggest', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket(), makeTicket({ id: 'T-2' }), makeTicket({ id: 'T-3', status: 'resolved' })]
    const wrapper = await open(engine)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toBe(
      'Watching 2 tickets: nothing to suggest yet'
    )
  })

  it('without tickets or a demo, says where tickets come from', async () => {
    const engine = new FakeEngine()
    engine.status.source = { ...engine.status.source, kind: 'none', state: 'idle', delivered: 0, total: null }
    const wrapper = await open(engine)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toBe('No open tickets to watch yet')
    expect(wrapper.get('[data-testid="source-hint"]').text()).toBe(
      "Connect a ticketing system in the workbench's Connections, or start Vigil with --demo to watch recorded cases."
    )
    engine.push({ event: 'ticket.changed', payload: makeTicket({ id: 'T-9' }) })
    await flushPromises()
    expect(wrapper.find('[data-testid="source-hint"]').exists()).toBe(false)
  })

  it('says "No open tickets right now", not "yet", once tickets have come and gone', async () => {
    const engine = new FakeEngine()
    const wrapper = await open(engine)
    const empty = () => wrapper.get('[data-testid="empty-state"]').text()
    expect(empty()).toBe('No open tickets to watch yet')
    // The demo plays: its tickets are on their way, so no pointer to Connections.
    expect(wrapper.find('[data-testid="source-hint"]').exists()).toBe(false)
    engine.push({ event: 'ticket.changed', payload: makeTicket({ id: 'T-9' }) })
    await flushPromises()
    expect(empty()).toBe('Watching 1 ticket: nothing to suggest yet')
    engine.push({ event: 'ticket.changed', payload: makeTicket({ id: 'T-9', status: 'resolved' }) })
    await flushPromises()
    expect(empty()).toBe('No open tickets right now')
  })

  it('shows the engine status in the header', async () => {
    const engine = new FakeEngine()
    const wrapper = await open(engine)
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
