import { createApp } from 'vue'
import { describe, expect, it } from 'vitest'
import { useTicketsStore } from '../../src/renderer/src/stores/tickets'
import { useSuggestionsStore } from '../../src/renderer/src/stores/suggestions'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeMessage, makeSuggestion, makeTicket } from './fixtures'

/** Stores outside a component still need an app, because they find the client by injection. */
function storesOver(engine: FakeEngine) {
  const app = createApp({})
  appPlugins(engine).forEach((plugin) => app.use(plugin))
  return app.runWithContext(() => ({ tickets: useTicketsStore(), suggestions: useSuggestionsStore() }))
}

describe('tickets store', () => {
  it('updates a ticket when ticket.changed is pushed', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    const { tickets } = storesOver(engine)
    await tickets.load()
    engine.push({ event: 'ticket.changed', payload: makeTicket({ status: 'pending', messageCount: 4 }) })
    expect(tickets.tickets).toHaveLength(1)
    expect(tickets.tickets[0]).toMatchObject({ status: 'pending', messageCount: 4 })
  })

  it('adds a ticket it has not seen when ticket.changed is pushed', async () => {
    const engine = new FakeEngine()
    const { tickets } = storesOver(engine)
    await tickets.load()
    engine.push({ event: 'ticket.changed', payload: makeTicket({ id: 'T-9' }) })
    expect(tickets.tickets.map((t) => t.id)).toEqual(['T-9'])
  })

  it('appends a pushed message to the selected conversation only', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket(), makeTicket({ id: 'T-2' })]
    engine.messages = [makeMessage()]
    const { tickets } = storesOver(engine)
    await tickets.load()
    await tickets.select('T-100')
    engine.push({ event: 'message.added', payload: makeMessage({ id: 'M-2', authorRole: 'analyst' }) })
    engine.push({ event: 'message.added', payload: makeMessage({ id: 'M-3', ticketId: 'T-2' }) })
    expect(tickets.messages.map((m) => m.id)).toEqual(['M-1', 'M-2'])
  })

  it('selecting a ticket brings its suggestions into the suggestions store', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket()]
    engine.suggestions = [makeSuggestion()]
    const { tickets, suggestions } = storesOver(engine)
    await tickets.select('T-100')
    expect(suggestions.forTicket('T-100').map((s) => s.id)).toEqual(['S-1'])
  })

  it('ignores a pushed event whose payload breaks the contract', async () => {
    const engine = new FakeEngine()
    const { tickets } = storesOver(engine)
    await tickets.load()
    engine.push({ event: 'ticket.changed', payload: { id: 'T-bad' } as never })
    expect(tickets.tickets).toEqual([])
  })
})
