import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, DesktopFakeEngine, FakeEngine } from './fakeEngine'
import { at, makeMessage, makeSuggestion, makeTicket } from './fixtures'

const citation = { entryId: 'K-7', title: 'VPN lease expiry', sourceTicketIds: ['T-42'], score: 0.8 }

async function mountPage(page: typeof WorkbenchApp, engine: FakeEngine) {
  const wrapper = mount(page, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function openFirstTicket(engine: FakeEngine) {
  engine.tickets = [makeTicket()]
  engine.messages = [makeMessage()]
  const wrapper = await mountPage(WorkbenchApp, engine)
  await wrapper.get('[data-testid="ticket-row"]').trigger('click')
  await flushPromises()
  return wrapper
}

async function ask(wrapper: VueWrapper, question: string) {
  await wrapper.get('[data-testid="ask-input"]').setValue(question)
  // The workbench's ask box, or the overlay's Ask strip.
  await wrapper.get('[data-testid="ask-box"] form, [data-testid="overlay-ask"] form').trigger('submit')
  await flushPromises()
}

const buttonNamed = (wrapper: VueWrapper, name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name)!

describe('asking Vigil about a ticket', () => {
  it('streams the answer into the box as chunks arrive, then shows its citations', async () => {
    const engine = new FakeEngine()
    engine.answerAsks = false
    const wrapper = await openFirstTicket(engine)
    await ask(wrapper, 'What fixed this last time?')
    expect(engine.asked).toMatchObject([{ ticketId: 'T-100', question: 'What fixed this last time?' }])
    const { requestId } = engine.asked[0]!
    expect(wrapper.get('[data-testid="ask-answer"]').text()).toContain('Vigil is looking into it')

    engine.pushChunk({ requestId, ticketId: 'T-100', text: 'Run vpn renew' })
    await flushPromises()
    expect(wrapper.get('[data-testid="ask-answer-text"]').text()).toBe('Run vpn renew')
    expect(wrapper.find('[data-testid="ask-answer"] [data-testid="citations"]').exists()).toBe(false)

    engine.pushChunk({
      requestId,
      ticketId: 'T-100',
      text: ', then reconnect.',
      done: true,
      citations: [citation]
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="ask-answer-text"]').text()).toBe('Run vpn renew, then reconnect.')
    expect(wrapper.get('[data-testid="ask-answer"] [data-testid="citations"]').text()).toContain(
      'VPN lease expiry'
    )
    wrapper.unmount()
  })

  it('keeps chunks that arrive before the engine has answered the call', async () => {
    // The fake answers in a microtask, before the client sees the request id: the box must not lose it.
    const wrapper = await openFirstTicket(new FakeEngine())
    await ask(wrapper, 'Is this known?')
    expect(wrapper.get('[data-testid="ask-answer-text"]').text()).toBe('Answer to: Is this known?')
    wrapper.unmount()
  })

  it("shows the engine's error and the answer from knowledge that follows it", async () => {
    const engine = new FakeEngine()
    engine.answerAsks = false
    const wrapper = await openFirstTicket(engine)
    await ask(wrapper, 'Why?')
    const { requestId } = engine.asked[0]!
    engine.pushChunk({ requestId, ticketId: 'T-100', text: 'Half a model sent' })
    engine.pushChunk({
      requestId,
      ticketId: 'T-100',
      error: 'The model failed to answer in time. Answering from knowledge instead.'
    })
    engine.pushChunk({ requestId, ticketId: 'T-100', text: 'From "VPN lease expiry"', done: true })
    await flushPromises()
    expect(wrapper.get('[data-testid="ask-error"]').text()).toContain('Answering from knowledge instead')
    expect(wrapper.get('[data-testid="ask-answer-text"]').text()).toBe('From "VPN lease expiry"')
    wrapper.unmount()
  })

  it('shows a flagged answer with the reason', async () => {
    const engine = new FakeEngine()
    engine.answerAsks = false
    const wrapper = await openFirstTicket(engine)
    await ask(wrapper, 'What now?')
    const { requestId } = engine.asked[0]!
    engine.pushChunk({
      requestId,
      ticketId: 'T-100',
      text: 'Disable two-factor authentication.',
      done: true,
      risk: 'disables a security control'
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="ask-risk"]').text()).toContain('FLAGGED: disables a security control')
    wrapper.unmount()
  })

  it('shows a refused question in words', async () => {
    const engine = new FakeEngine()
    engine.failures.set('assist.ask', { code: 'NOT_FOUND', message: 'No ticket T-100' })
    const wrapper = await openFirstTicket(engine)
    await ask(wrapper, 'Anything?')
    expect(wrapper.get('[data-testid="ask-error"]').text()).toBe('No ticket T-100')
    wrapper.unmount()
  })

  it('says a blank question is empty, with the button enabled, and sends nothing to the engine', async () => {
    const engine = new FakeEngine()
    const wrapper = await openFirstTicket(engine)
    await wrapper.get('[data-testid="ask-input"]').setValue('   ')
    expect(buttonNamed(wrapper, 'Ask').attributes('disabled')).toBeUndefined()
    await ask(wrapper, '   ')
    expect(wrapper.get('[data-testid="ask-error"]').text()).toBe(
      'The question is empty: type what you want to know about this ticket.'
    )
    expect(wrapper.get('[data-testid="ask-answer"] .question').text()).toContain('Nothing asked')
    expect(engine.calls.filter((call) => call.route === 'assist.ask')).toEqual([])
    wrapper.unmount()
  })

  it("never asks for the overlay's focus from the workbench", async () => {
    const engine = new DesktopFakeEngine()
    const wrapper = await openFirstTicket(engine)
    await wrapper.get('[data-testid="ask-input"]').trigger('focus')
    await wrapper.get('[data-testid="ask-input"]').trigger('blur')
    expect(engine.focusLog).toEqual([])
    wrapper.unmount()
  })
})

describe('asking from the overlay', () => {
  function engineWithCards<Engine extends FakeEngine>(engine: Engine): Engine {
    engine.tickets = [makeTicket(), makeTicket({ id: 'T-200', subject: 'Billing export fails' })]
    engine.suggestions = [
      makeSuggestion({ id: 'S-old', ticketId: 'T-100', createdAt: at(2) }),
      makeSuggestion({ id: 'S-new', ticketId: 'T-200', createdAt: at(5) })
    ]
    return engine
  }

  it('asks for keyboard focus while the ask box is in use and gives it back on blur', async () => {
    const engine = engineWithCards(new DesktopFakeEngine())
    const wrapper = await mountPage(OverlayApp, engine)
    const input = wrapper.get('[data-testid="ask-input"]')
    await input.trigger('pointerdown')
    await input.trigger('focus')
    expect(engine.focusLog).toEqual(['request', 'request'])
    await input.trigger('blur')
    expect(engine.focusLog).toEqual(['request', 'request', 'release'])
    await input.trigger('blur')
    expect(engine.focusLog.filter((entry) => entry === 'release')).toHaveLength(1)
    wrapper.unmount()
  })

  it("asks about the selected card's ticket: the newest card's at first", async () => {
    const engine = engineWithCards(new FakeEngine())
    const wrapper = await mountPage(OverlayApp, engine)
    expect(wrapper.get('[data-testid="overlay-ask"]').text()).toContain('Ask about T-200')
    await ask(wrapper, 'First?')
    await wrapper.findAll('[data-testid="card-line"]')[1]!.trigger('click')
    expect(wrapper.get('[data-testid="overlay-ask"]').text()).toContain('Ask about T-100')
    await ask(wrapper, 'Second?')
    expect(engine.asked.map((asked) => asked.ticketId)).toEqual(['T-200', 'T-100'])
    expect(wrapper.get('[data-testid="ask-answer-text"]').text()).toBe('Answer to: Second?')
    wrapper.unmount()
  })

  it('offers no ask box while there is no card to ask about', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    const wrapper = await mountPage(OverlayApp, engine)
    expect(wrapper.find('[data-testid="overlay-ask"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('pins escalation alerts above newer cards', async () => {
    const engine = engineWithCards(new FakeEngine())
    engine.suggestions.push(
      makeSuggestion({
        id: 'S-alert',
        kind: 'escalation',
        severity: 'critical',
        title: 'Many customers affected',
        citations: [],
        createdAt: at(1)
      })
    )
    const wrapper = await mountPage(OverlayApp, engine)
    const alerts = wrapper.get('[data-testid="alert-list"]')
    expect(alerts.text()).toContain('Escalation · critical')
    expect(wrapper.findAll('[data-testid="suggestion-card"]')[0]!.attributes('data-suggestion-id')).toBe(
      'S-alert'
    )
    expect(alerts.find('[data-testid="citations"]').exists()).toBe(false)

    // Once the ticket is resolved its cards, the alert among them, leave the overlay.
    engine.push({ event: 'ticket.changed', payload: makeTicket({ status: 'resolved' }) })
    await flushPromises()
    expect(wrapper.find('[data-testid="alert-list"]').exists()).toBe(false)
    expect(
      wrapper.findAll('[data-testid="suggestion-card"]').map((card) => card.attributes('data-suggestion-id'))
    ).toEqual(['S-new'])
    wrapper.unmount()
  })
})

describe('summarize', () => {
  it('adds a summary card to the ticket in the workbench, once', async () => {
    const engine = new FakeEngine()
    const wrapper = await openFirstTicket(engine)
    await buttonNamed(wrapper, 'Summarize').trigger('click')
    await flushPromises()
    expect(engine.callsTo('assist.summarize')).toEqual([{ ticketId: 'T-100' }])
    const cards = wrapper.findAll('[data-testid="suggestion-card"]')
    expect(cards).toHaveLength(1)
    expect(cards[0]!.get('[data-testid="kind-badge"]').text()).toBe('Case summary')
    expect(cards[0]!.text()).toContain('Known: a problem')
    expect(wrapper.text()).toContain('Summary added')
    wrapper.unmount()
  })

  it('adds the summary card to the overlay', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [makeSuggestion()]
    const wrapper = await mountPage(OverlayApp, engine)
    await buttonNamed(wrapper, 'Summarize').trigger('click')
    await flushPromises()
    const badges = wrapper.findAll('[data-testid="kind-badge"]').map((badge) => badge.text())
    expect(badges).toEqual(['Summary', 'Answer'])
    wrapper.unmount()
  })

  it("shows the engine's refusal", async () => {
    const engine = new FakeEngine()
    engine.failures.set('assist.summarize', { code: 'NOT_FOUND', message: 'No ticket T-100' })
    const wrapper = await openFirstTicket(engine)
    await buttonNamed(wrapper, 'Summarize').trigger('click')
    await flushPromises()
    expect(wrapper.get('.summarize [role="status"]').text()).toBe('No ticket T-100')
    wrapper.unmount()
  })
})
