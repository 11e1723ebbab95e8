import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { emptyStats, makeTicket } from './fixtures'

async function openAnalytics(engine: FakeEngine) {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  await wrapper
    .findAll('[role="tab"]')
    .find((tab) => tab.text() === 'Analytics')!
    .trigger('click')
  await flushPromises()
  return wrapper
}

function busyTeam(): FakeEngine {
  const engine = new FakeEngine()
  const stats = emptyStats()
  engine.stats = {
    ...stats,
    suggestions: {
      total: 12,
      byKind: { ...stats.suggestions.byKind, answer: 8, similar_case: 3, escalation: 1 },
      perDay: [
        { day: '2026-03-01', answer: 5, similar_case: 1, next_step: 0, summary: 0, escalation: 1 },
        { day: '2026-03-02', answer: 3, similar_case: 2, next_step: 0, summary: 0, escalation: 0 }
      ]
    },
    reactions: {
      adopted: 4,
      edited: 2,
      liked: 1,
      disliked: 0,
      dismissed: 1,
      ignored: 3,
      sent: { adopted: 3, edited: 2, ignored: 3 }
    },
    outcomes: { sendable: 11, adopted: 4, edited: 2, dismissed: 1 },
    rates: { adoption: 0.364, edit: 0.182, dismiss: 0.091 },
    precisionByKind: { answer: { confirmed: 6, refuted: 1, precision: 0.857 } },
    timeToUsefulCard: { tickets: 5, medianSeconds: 45, p90Seconds: 300 },
    topEntries: [
      {
        entryId: 'K-1',
        title: 'Reset the SSO cache',
        shown: 6,
        adopted: 3,
        edited: 1,
        liked: 1,
        disliked: 0,
        dismissed: 0,
        acceptance: 0.833
      }
    ],
    gaps: {
      open: 1,
      closed: 2,
      top: [{ title: 'Webhook retries stop', tickets: 3, lastSeen: '2026-03-02T09:00:00.000Z' }]
    },
    modelCallsAvoided: { messages: 40, woken: 12, avoided: 28 },
    timeSaved: { minutes: 15, formula: 'adopted (4) × 3 min + edited (2) × 1.5 min: an estimate' }
  }
  return engine
}

describe('analytics page', () => {
  it('shows the team’s rates, with sent-reply adoption apart, and the time-saved formula', async () => {
    const wrapper = await openAnalytics(busyTeam())
    const tiles = wrapper.get('[data-testid="analytics-tiles"]').text()
    expect(tiles).toContain('Suggestions shown12')
    expect(tiles).toContain('Adopted36%')
    // Every rate says its base: "4 of 11 sendable cards", not a bare 4 next to "Suggestions shown 12".
    expect(tiles).toContain('4 of 11 sendable cards (3 read from sent replies)')
    expect(tiles).toContain('1 of 11 sendable cards; 3 ignored')
    expect(tiles).toContain('11 an analyst could send')
    expect(tiles).toContain('First useful card45 s')
    expect(tiles).toContain('median from the customer')
    expect(tiles).toContain('of 40 messages: nothing in them called for a card')
    expect(tiles).not.toContain('let them pass')
    expect(wrapper.get('[data-testid="time-saved-formula"]').text()).toContain('adopted (4) × 3 min')
    expect(wrapper.get('[data-testid="top-entries"]').text()).toContain('Reset the SSO cache')
    expect(wrapper.get('[data-testid="top-entries"]').text()).toContain('83%')
    expect(wrapper.text()).toContain('Webhook retries stop')
    // Each chart has its figures as a table (a canvas says nothing to a screen reader).
    const figures = wrapper.findAll('figure.chart')
    expect(figures.map((figure) => figure.attributes('aria-label'))).toEqual([
      'Suggestions shown per day, by kind',
      "Cards the case's resolution confirmed, or resolved another way",
      'Knowledge growth per day'
    ])
    expect(figures[0]!.get('table').text()).toContain('2026-03-01')
    expect(figures[2]!.text()).toContain('Nothing recorded in this period.')
    // What "confirmed" and "resolved another way" count, and that the Knowledge screen's share counts otherwise.
    expect(wrapper.get('[data-testid="precision-definition"]').text()).toMatch(
      /Resolved another way: it refuted or corrected that entry, or taught an entry of its own\. Counted over the cards of this period.*Knowledge screen/
    )
    wrapper.unmount()
  })

  it('opens on everything recorded, as `vigil stats` does, and asks the engine for the chosen period', async () => {
    const engine = busyTeam()
    engine.stats = { ...engine.stats, from: new Date(0).toISOString(), to: new Date(8.64e15).toISOString() }
    const wrapper = await openAnalytics(engine)
    expect(engine.callsTo('stats.get').at(-1)).toEqual({})
    expect(wrapper.get<HTMLSelectElement>('select[name="period"]').element.value).toBe('all')
    // The period is stated, with the first and last day recorded, and the top entries' heading follows it.
    expect(wrapper.get('[data-testid="analytics-period"]').text()).toBe(
      'Figures for everything recorded: 2026-03-01 to 2026-03-02'
    )
    expect(wrapper.get('[data-testid="top-heading"]').text()).toBe('Top knowledge, everything recorded')
    await wrapper.get('select[name="period"]').setValue('30')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ days: 30 })
    expect(wrapper.get('[data-testid="top-heading"]').text()).toBe('Top knowledge, last 30 days')
    await wrapper.get('select[name="period"]').setValue('7')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ days: 7 })
    expect(wrapper.get('[data-testid="top-heading"]').text()).toBe('Top knowledge, last 7 days')
    wrapper.unmount()
  })
})

describe('analytics per team and for days of one’s choice', () => {
  it('asks for the days chosen, starting from those shown, and refuses a backwards range in words', async () => {
    const engine = busyTeam()
    const wrapper = await openAnalytics(engine)
    await wrapper.get('select[name="period"]').setValue('custom')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ from: '2026-03-01', to: '2026-03-02' })
    expect(wrapper.get('[data-testid="analytics-period"]').text()).toMatch(/^Figures for chosen days: /)
    await wrapper.get('input[name="to"]').setValue('2026-03-31')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ from: '2026-03-01', to: '2026-03-31' })

    const asked = engine.callsTo('stats.get').length
    await wrapper.get('input[name="from"]').setValue('2026-04-02')
    await flushPromises()
    expect(engine.callsTo('stats.get')).toHaveLength(asked)
    expect(wrapper.get('[role="alert"]').text()).toBe('The first day is after the last day: swap them.')
    expect(wrapper.get('input[name="from"]').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('input[name="from"]').attributes('aria-describedby')).toBe('analytics-problem')
    wrapper.unmount()
  })

  it('offers the teams of the watched tickets and asks for the one chosen; no choice with one team', async () => {
    const single = await openAnalytics(busyTeam())
    expect(single.find('select[name="team"]').exists()).toBe(false)
    single.unmount()

    const engine = busyTeam()
    engine.tickets = [makeTicket({ team: 'cloud-support' }), makeTicket({ id: 'T-2', team: 'billing' })]
    const wrapper = await openAnalytics(engine)
    const team = wrapper.get<HTMLSelectElement>('select[name="team"]')
    expect(team.findAll('option').map((option) => option.text())).toEqual(['billing', 'cloud-support'])
    expect(team.element.value).toBe('cloud-support')
    await team.setValue('billing')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ team: 'billing' })
    await wrapper.get('select[name="period"]').setValue('30')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ days: 30, team: 'billing' })
    wrapper.unmount()
  })
})

describe('analytics tiles in plain words', () => {
  it('says "under 1 s" for a card on the customer’s very message, and "–" with why when nothing is measurable', async () => {
    const quick = busyTeam()
    quick.stats = { ...quick.stats, timeToUsefulCard: { tickets: 2, medianSeconds: 0, p90Seconds: 0 } }
    const first = await openAnalytics(quick)
    expect(first.get('[data-testid="analytics-tiles"]').text()).toContain('First useful cardunder 1 s')
    first.unmount()
    const none = busyTeam()
    none.stats = { ...none.stats, timeToUsefulCard: { tickets: 0, medianSeconds: null, p90Seconds: null } }
    const second = await openAnalytics(none)
    expect(second.get('[data-testid="analytics-tiles"]').text()).toContain(
      'First useful card–not measurable yet: no ticket had a card that was used or confirmed'
    )
    second.unmount()
  })

  it('says "1 ticket" and "1 message", not "1 tickets"', async () => {
    const one = busyTeam()
    one.stats = {
      ...one.stats,
      timeToUsefulCard: { tickets: 1, medianSeconds: 30, p90Seconds: 30 },
      modelCallsAvoided: { messages: 1, woken: 0, avoided: 1 }
    }
    const wrapper = await openAnalytics(one)
    const tiles = wrapper.get('[data-testid="analytics-tiles"]').text()
    expect(tiles).toContain('over 1 ticket')
    expect(tiles).not.toContain('1 tickets')
    expect(tiles).toContain('of 1 message: nothing')
    wrapper.unmount()
  })
})
