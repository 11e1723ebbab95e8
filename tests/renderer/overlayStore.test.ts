import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createVigilClient, vigilClientPlugin } from '../../src/renderer/src/bridge'
import { copiedFeedbackMs, snoozeStorageKey, useOverlayStore } from '../../src/renderer/src/stores/overlay'
import { useSuggestionsStore } from '../../src/renderer/src/stores/suggestions'
import { useTicketsStore } from '../../src/renderer/src/stores/tickets'
import { DesktopFakeEngine, FakeEngine } from './fakeEngine'
import { at, makeSuggestion, makeTicket } from './fixtures'

/** The overlay store over a fake engine, with the tickets and suggestions loaded. */
async function overlayStore(engine: FakeEngine) {
  const app = createApp({})
  const pinia = createPinia()
  app.use(pinia).use(vigilClientPlugin(createVigilClient(engine)))
  setActivePinia(pinia)
  const store = app.runWithContext(() => useOverlayStore())
  await app.runWithContext(() => Promise.all([useTicketsStore().load(), useSuggestionsStore().load()]))
  return { store, app }
}

function twoTickets<T extends FakeEngine>(engine: T): T {
  engine.tickets = [makeTicket({ id: 'T-1' }), makeTicket({ id: 'T-2' })]
  engine.suggestions = [
    makeSuggestion({ id: 'S-a', ticketId: 'T-1', createdAt: at(1), text: 'Text A' }),
    makeSuggestion({ id: 'S-b', ticketId: 'T-2', createdAt: at(2), text: 'Text B' }),
    makeSuggestion({ id: 'S-c', ticketId: 'T-2', createdAt: at(3), text: 'Text C' })
  ]
  return engine
}

const ids = (store: ReturnType<typeof useOverlayStore>) => store.cards.map((card) => card.id)

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  localStorage.clear()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('overlay store', () => {
  it('snoozes a ticket for the chosen time, then shows its cards again by itself', async () => {
    const { store } = await overlayStore(twoTickets(new FakeEngine()))
    expect(ids(store)).toEqual(['S-c', 'S-b', 'S-a'])
    store.snooze('T-2', 15)
    expect(ids(store)).toEqual(['S-a'])
    expect(store.selected?.id, 'the selection leaves the snoozed ticket').toBe('S-a')
    expect(store.snoozed).toEqual([{ ticketId: 'T-2', until: Date.now() + 15 * 60_000, hidden: 2 }])
    vi.advanceTimersByTime(14 * 60_000)
    expect(ids(store)).toEqual(['S-a'])
    vi.advanceTimersByTime(61_000)
    expect(ids(store)).toEqual(['S-c', 'S-b', 'S-a'])
    expect(store.snoozed).toEqual([])
  })

  it('keeps snoozes across a reload of the page, and forgets the ones that ended', async () => {
    const first = await overlayStore(twoTickets(new FakeEngine()))
    first.store.snooze('T-2', 60)
    first.store.snooze('T-1', 15)
    expect(JSON.parse(localStorage.getItem(snoozeStorageKey)!)).toHaveProperty('T-2')
    vi.advanceTimersByTime(20 * 60_000)
    const second = await overlayStore(twoTickets(new FakeEngine()))
    expect(ids(second.store)).toEqual(['S-a'])
    expect(second.store.snoozed.map((item) => item.ticketId)).toEqual(['T-2'])
  })

  it('ignores stored snoozes it cannot read', async () => {
    localStorage.setItem(snoozeStorageKey, '{"T-2": "tomorrow", "T-1": ')
    const { store } = await overlayStore(twoTickets(new FakeEngine()))
    expect(ids(store)).toEqual(['S-c', 'S-b', 'S-a'])
  })

  it('adopting a flagged card takes a second press', async () => {
    const engine = twoTickets(new FakeEngine())
    engine.suggestions[2] = { ...engine.suggestions[2]!, risk: 'it deletes data' }
    const { store } = await overlayStore(engine)
    await store.adopt('S-c')
    expect(store.confirmingId).toBe('S-c')
    expect(engine.callsTo('suggestions.react')).toEqual([])
    await store.adopt('S-c')
    expect(engine.callsTo('suggestions.react')).toEqual([{ suggestionId: 'S-c', kind: 'adopted' }])
    expect(store.confirmingId).toBeNull()
  })

  it('says Copied for a while after adopting, and says so honestly when the browser refused the copy', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('Document is not focused')
    })
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    const { store } = await overlayStore(twoTickets(new FakeEngine()))
    await store.adopt()
    expect(store.adopted).toEqual({ suggestionId: 'S-c', copied: false })
    vi.advanceTimersByTime(copiedFeedbackMs + 1)
    expect(store.adopted).toBeNull()
  })

  it('in the desktop app the engine copies, so an adoption is a copy even when the page may not write', async () => {
    vi.stubGlobal('navigator', {})
    const { store } = await overlayStore(twoTickets(new DesktopFakeEngine()))
    await store.adopt('S-b')
    expect(store.adopted).toEqual({ suggestionId: 'S-b', copied: true })
  })

  it('a refused reaction is shown on the card and the card stays', async () => {
    const engine = twoTickets(new FakeEngine())
    engine.failures.set('suggestions.react', { code: 'STORAGE_FAILED', message: 'The disk is full' })
    const { store } = await overlayStore(engine)
    await store.dismiss('S-b')
    expect(store.actionError).toEqual({ suggestionId: 'S-b', text: 'The disk is full' })
    expect(ids(store)).toContain('S-b')
  })

  it('dismissing the last card selects the one above it', async () => {
    const { store } = await overlayStore(twoTickets(new FakeEngine()))
    store.next()
    store.next()
    expect(store.selected?.id).toBe('S-a')
    await store.dismiss()
    await flushPromises()
    expect(store.selected?.id).toBe('S-b')
  })

  it('pins escalation alerts of open tickets above newer cards', async () => {
    const engine = twoTickets(new FakeEngine())
    engine.suggestions.push(
      makeSuggestion({ id: 'S-alert', ticketId: 'T-1', kind: 'escalation', createdAt: at(0) })
    )
    const { store } = await overlayStore(engine)
    expect(ids(store)).toEqual(['S-alert', 'S-c', 'S-b', 'S-a'])
  })
})
