import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { CaseTracker } from '../../src/shared/contract'
import { searchDelayMs } from '../../src/renderer/src/stores/ticketFilter'
import { minuteMs } from '../../src/renderer/src/useEveryMinute'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { at, makeMessage, makeSuggestion, makeTicket } from './fixtures'

function tracker(overrides: Partial<CaseTracker> = {}): CaseTracker {
  return {
    ticketId: 'T-3',
    problem: [{ text: 'In their words', quote: 'My VPN drops every hour.', by: 'customer' }],
    tried: [{ text: 'The analyst asked: Which client version?', by: 'analyst' }],
    pending: [{ text: "The customer's answer to: Which client version?", by: 'analyst' }],
    next: [{ text: "Wait for the customer's reply.", by: 'vigil' }],
    leftOut: 0,
    updatedAt: at(3),
    ...overrides
  }
}

/** 60 tickets: 20 open (T-0..T-19, newest activity on T-19... the higher the newer), 40 resolved. */
function busyEngine(): FakeEngine {
  const engine = new FakeEngine()
  engine.tickets = Array.from({ length: 60 }, (_, n) =>
    makeTicket({
      id: `T-${n}`,
      subject: n === 7 ? 'Printer jams on tray 2' : `Case number ${n}`,
      requester: n === 11 ? 'Olga Petrova' : `Person ${n}`,
      status: n < 20 ? 'open' : 'resolved',
      lastMessageAt: new Date(Date.UTC(2026, 2, 2, 9, n)).toISOString(),
      suggestionCount: n % 5 === 0 ? 1 : 0,
      ...(n === 3 ? { escalation: 'critical' as const } : {})
    })
  )
  engine.messages = [
    makeMessage({ id: 'M-9', ticketId: 'T-9', text: 'The toner cartridge shows error E52.' })
  ]
  engine.trackers.set('T-3', tracker())
  return engine
}

async function mountTickets(engine: FakeEngine) {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof mountTickets>>
const rows = (wrapper: Wrapper) => wrapper.findAll('[data-testid="ticket-row"]')
const rowIds = (wrapper: Wrapper) => rows(wrapper).map((row) => row.attributes('data-ticket-id'))
const focusedId = () => document.activeElement?.getAttribute('data-ticket-id')

describe('tickets screen', () => {
  it('without tickets or a demo, points to Connections (one click away) and to --demo', async () => {
    const engine = new FakeEngine()
    engine.tickets = []
    engine.status.source = { ...engine.status.source, kind: 'none', state: 'idle', delivered: 0, total: null }
    const wrapper = await mountTickets(engine)
    const empty = wrapper.get('[data-testid="no-tickets"]')
    expect(empty.text()).toContain('No tickets yet.')
    expect(empty.text()).toContain('connected in Connections')
    expect(empty.text()).toContain('vigil serve --demo')
    await empty.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('#tab-connections').attributes('aria-selected')).toBe('true')
    wrapper.unmount()
  })

  it("pins the ticket's escalation alert above its other cards, as the overlay does", async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [
      makeSuggestion({
        id: 'S-alert',
        kind: 'escalation',
        title: 'Many customers affected',
        createdAt: at(2)
      }),
      makeSuggestion({
        id: 'S-similar',
        kind: 'similar_case',
        title: 'Similar past case T-1',
        createdAt: at(5)
      }),
      makeSuggestion({ id: 'S-answer', title: 'Renew the lease', createdAt: at(4) })
    ]
    const wrapper = await mountTickets(engine)
    const shown = wrapper
      .get('[aria-labelledby="suggestions-heading"]')
      .findAll('[data-suggestion-id]')
      .map((card) => card.attributes('data-suggestion-id'))
    expect(shown).toEqual(['S-alert', 'S-similar', 'S-answer'])
    wrapper.unmount()
  })

  it('while the demo plays, an empty list only says no tickets yet', async () => {
    const engine = new FakeEngine()
    engine.tickets = []
    const wrapper = await mountTickets(engine)
    expect(wrapper.get('[data-testid="no-tickets"]').text()).toBe('No tickets yet.')
    wrapper.unmount()
  })

  it('opens on the most recently active open ticket, grouped open then resolved', async () => {
    const wrapper = await mountTickets(busyEngine())
    expect(wrapper.get('[role="option"][aria-selected="true"]').attributes('data-ticket-id')).toBe('T-19')
    const groups = wrapper.findAll('[role="group"]')
    expect(groups.map((group) => group.get('h3').text())).toEqual(['Open 20', 'Resolved 40'])
    expect(rowIds(wrapper).slice(0, 2)).toEqual(['T-19', 'T-18'])
    expect(rowIds(wrapper)[20]).toBe('T-59')
    wrapper.unmount()
  })

  it('is one Tab stop: only the selected option is tabbable; arrows, Home and End move the selection', async () => {
    const wrapper = await mountTickets(busyEngine())
    const tabbable = rows(wrapper).filter((row) => row.attributes('tabindex') === '0')
    expect(tabbable.map((row) => row.attributes('data-ticket-id'))).toEqual(['T-19'])
    const listbox = wrapper.get('[role="listbox"]')
    await listbox.trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    expect(wrapper.get('[role="option"][aria-selected="true"]').attributes('data-ticket-id')).toBe('T-18')
    expect(focusedId()).toBe('T-18')
    await listbox.trigger('keydown', { key: 'End' })
    await flushPromises()
    expect(focusedId()).toBe('T-20')
    await listbox.trigger('keydown', { key: 'ArrowUp' })
    await flushPromises()
    expect(focusedId()).toBe('T-21')
    await listbox.trigger('keydown', { key: 'Home' })
    await flushPromises()
    expect(focusedId()).toBe('T-19')
    expect(rows(wrapper).filter((row) => row.attributes('tabindex') === '0')).toHaveLength(1)
    // From the search field, the down arrow goes on to the list.
    const search = wrapper.get<HTMLInputElement>('[data-testid="ticket-search"]')
    search.element.focus()
    expect(document.activeElement).toBe(search.element)
    await search.trigger('keydown', { key: 'ArrowDown' })
    expect(focusedId()).toBe('T-19')
    wrapper.unmount()
  })

  it('filters by status and by escalation, and says how many of all are shown', async () => {
    const wrapper = await mountTickets(busyEngine())
    await wrapper.get('[data-testid="ticket-status"]').setValue('resolved')
    expect(rowIds(wrapper)).toHaveLength(40)
    expect(wrapper.get('[data-testid="ticket-count"]').text()).toBe('40 of 60')
    await wrapper.get('[data-testid="ticket-status"]').setValue('all')
    await wrapper.get('[data-testid="ticket-attention"]').setValue('escalation')
    expect(rowIds(wrapper)).toEqual(['T-3'])
    expect(rows(wrapper)[0]!.text()).toContain('critical alert')
    await wrapper.get('[data-testid="ticket-attention"]').setValue('suggestions')
    expect(rowIds(wrapper)).toHaveLength(12)
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Clear filters')!
      .trigger('click')
    expect(rowIds(wrapper)).toHaveLength(60)
    wrapper.unmount()
  })

  it('searches subject and requester at once, and message text through the engine', async () => {
    const engine = busyEngine()
    const wrapper = await mountTickets(engine)
    const search = wrapper.get('[data-testid="ticket-search"]')
    await search.setValue('printer')
    expect(rowIds(wrapper)).toEqual(['T-7'])
    await search.setValue('olga')
    expect(rowIds(wrapper)).toEqual(['T-11'])
    await search.setValue('toner E52')
    expect(rowIds(wrapper)).toEqual([])
    expect(wrapper.get('[data-testid="no-ticket-match"]').text()).toBe('No ticket matches “toner E52”.')
    await new Promise((resolve) => setTimeout(resolve, searchDelayMs + 50))
    await flushPromises()
    expect(rowIds(wrapper)).toEqual(['T-9'])
    expect(wrapper.get('[data-testid="ticket-excerpt"]').text()).toContain('error E52')
    expect(engine.calls.filter((c) => c.route === 'tickets.search').at(-1)?.input).toEqual({
      query: 'toner E52'
    })
    wrapper.unmount()
  })

  it("a search that matches nothing clears the previous ticket's conversation, tracker and cards", async () => {
    const engine = busyEngine()
    engine.messages = [makeMessage({ id: 'M-3', ticketId: 'T-3', text: 'My VPN drops every hour.' })]
    engine.suggestions = [makeSuggestion({ id: 'S-3', ticketId: 'T-3', title: 'Reconnect the VPN client' })]
    const wrapper = await mountTickets(engine)
    await wrapper.get('[data-ticket-id="T-3"]').trigger('click')
    await flushPromises()
    const conversation = wrapper.get('[data-testid="conversation"]')
    expect(conversation.text()).toContain('My VPN drops every hour.')
    expect(wrapper.get('[data-testid="case-tracker"]').text()).toContain('Which client version?')

    await wrapper.get('[data-testid="ticket-search"]').setValue('kerberos')
    await new Promise((resolve) => setTimeout(resolve, searchDelayMs + 50))
    await flushPromises()
    expect(rowIds(wrapper)).toEqual([])
    expect(wrapper.get('[data-testid="no-ticket-match"]').text()).toBe('No ticket matches “kerberos”.')
    expect(conversation.text()).toBe('No ticket matches “kerberos”.')
    expect(wrapper.get('[data-testid="case-tracker"]').text()).not.toContain('Which client version?')
    expect(wrapper.text()).not.toContain('Reconnect the VPN client')

    // Cleared, the search gives the ticket back, still selected.
    await wrapper.get('[data-testid="ticket-search"]').setValue('')
    await flushPromises()
    expect(conversation.text()).toContain('My VPN drops every hour.')
    expect(wrapper.text()).toContain('Reconnect the VPN client')
    wrapper.unmount()
  })

  it('lists a ticket that left memory once the search finds it, under Resolved, and opens it', async () => {
    const engine = busyEngine()
    engine.archived = [
      makeTicket({ id: 'OLD-1', subject: 'Old printer case', status: 'resolved', archived: true })
    ]
    engine.messages.push(
      makeMessage({ id: 'M-old', ticketId: 'OLD-1', text: 'The fuser unit overheats after an hour.' })
    )
    const wrapper = await mountTickets(engine)
    expect(rowIds(wrapper)).not.toContain('OLD-1')
    await wrapper.get('[data-testid="ticket-search"]').setValue('fuser overheats')
    await new Promise((resolve) => setTimeout(resolve, searchDelayMs + 50))
    await flushPromises()
    expect(rowIds(wrapper)).toEqual(['OLD-1'])
    const resolved = wrapper
      .findAll('[role="group"]')
      .find((group) => group.get('h3').text().startsWith('Resolved'))!
    expect(resolved.text()).toContain('Old printer case')
    expect(wrapper.get('[data-testid="ticket-excerpt"]').text()).toContain('fuser unit overheats')
    await wrapper.get('[data-ticket-id="OLD-1"]').trigger('click')
    await flushPromises()
    expect(engine.calls.filter((c) => c.route === 'tickets.get').at(-1)?.input).toEqual({ ticketId: 'OLD-1' })
    expect(wrapper.text()).toContain('The fuser unit overheats after an hour.')
    wrapper.unmount()
  })

  it("shows the selected ticket's case tracker, customer words as quotes, and follows ticket.tracker", async () => {
    const engine = busyEngine()
    const wrapper = await mountTickets(engine)
    await wrapper.get('[data-ticket-id="T-3"]').trigger('click')
    await flushPromises()
    const panel = () => wrapper.get('[data-testid="case-tracker"]')
    expect(panel().get('[data-testid="tracker-problem"] q').text()).toBe('My VPN drops every hour.')
    expect(panel().get('[data-testid="tracker-pending"]').text()).toContain('Which client version?')
    engine.push({
      event: 'ticket.tracker',
      payload: tracker({
        pending: [{ text: 'A reply to the customer', quote: 'Version 5.2.', by: 'customer' }],
        next: [{ text: "Reply to the customer's latest message.", by: 'vigil' }],
        leftOut: 1,
        updatedAt: at(4)
      })
    })
    engine.push({ event: 'ticket.tracker', payload: tracker({ ticketId: 'T-4', next: [] }) })
    await flushPromises()
    expect(panel().get('[data-testid="tracker-pending"] q').text()).toBe('Version 5.2.')
    expect(panel().get('[data-testid="tracker-next"]').text()).toBe("Reply to the customer's latest message.")
    expect(panel().get('[data-testid="tracker-left-out"]').text()).toMatch(/^Left out: 1 customer sentence /)
    // A quote within the quote takes single marks: no `"”` at the end of a subject that ends in a quoted error.
    engine.push({
      event: 'ticket.tracker',
      payload: tracker({
        problem: [{ text: 'Ticket subject', quote: 'Is SSO down? "Invalid signature"', by: 'customer' }],
        updatedAt: at(5)
      })
    })
    await flushPromises()
    expect(panel().get('[data-testid="tracker-problem"] q').text()).toBe('Is SSO down? ‘Invalid signature’')
    wrapper.unmount()
  })

  it('keeps "waiting N min" counting: asks for the tracker again each minute, and stops once the screen is gone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const engine = busyEngine()
      const wrapper = await mountTickets(engine)
      await wrapper.get('[data-ticket-id="T-3"]').trigger('click')
      await flushPromises()
      const pending = () => wrapper.get('[data-testid="tracker-pending"]').text()
      const waiting = (minutes: number) =>
        tracker({ pending: [{ text: `A reply to the customer (waiting ${minutes} min).`, by: 'vigil' }] })
      // No event for the ticket: only the engine's clock moved.
      engine.trackers.set('T-3', waiting(3))
      vi.advanceTimersByTime(minuteMs - 1_000)
      await flushPromises()
      expect(pending()).toContain('Which client version?')
      vi.advanceTimersByTime(1_000)
      await flushPromises()
      expect(pending()).toBe('A reply to the customer (waiting 3 min).')
      engine.trackers.set('T-3', waiting(4))
      vi.advanceTimersByTime(minuteMs)
      await flushPromises()
      expect(pending()).toBe('A reply to the customer (waiting 4 min).')
      const asked = engine.callsTo('tickets.get').length
      wrapper.unmount()
      vi.advanceTimersByTime(5 * minuteMs)
      await flushPromises()
      expect(engine.callsTo('tickets.get')).toHaveLength(asked)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('tickets screen while the work moves on', () => {
  const opened = (id: string, minute: number) =>
    makeTicket({ id, subject: `Case ${id}`, status: 'open', lastMessageAt: at(minute) })

  it('moves off the ticket it picked once that one is resolved, to the open ticket that comes next', async () => {
    const engine = new FakeEngine()
    engine.tickets = [opened('T-1', 1)]
    const wrapper = await mountTickets(engine)
    const selected = () => wrapper.get('[role="option"][aria-selected="true"]').attributes('data-ticket-id')
    expect(selected()).toBe('T-1')
    // Resolved, with no other ticket open: it stays on the screen.
    engine.push({ event: 'ticket.changed', payload: { ...opened('T-1', 2), status: 'resolved' } })
    await flushPromises()
    expect(selected()).toBe('T-1')
    // The next case opens: the screen follows it.
    engine.tickets.push(opened('T-2', 3))
    engine.push({ event: 'ticket.changed', payload: opened('T-2', 3) })
    await flushPromises()
    expect(selected()).toBe('T-2')
    // A third ticket's activity does not pull the screen off a ticket still open.
    engine.push({ event: 'ticket.changed', payload: opened('T-3', 4) })
    await flushPromises()
    expect(selected()).toBe('T-2')
    wrapper.unmount()
  })

  it('stays on a ticket the analyst chose, resolved or not', async () => {
    const engine = new FakeEngine()
    engine.tickets = [opened('T-1', 1), opened('T-2', 2)]
    const wrapper = await mountTickets(engine)
    await wrapper.get('[data-ticket-id="T-1"]').trigger('click')
    await flushPromises()
    engine.push({ event: 'ticket.changed', payload: { ...opened('T-1', 3), status: 'resolved' } })
    engine.push({ event: 'ticket.changed', payload: opened('T-4', 4) })
    await flushPromises()
    expect(wrapper.get('[role="option"][aria-selected="true"]').attributes('data-ticket-id')).toBe('T-1')
    wrapper.unmount()
  })
})
