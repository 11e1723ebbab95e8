import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'
import { emptyStats } from './fixtures'

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
    expect(tiles).toContain('4 (3 read from sent replies)')
    expect(tiles).toContain('First useful card45 s')
    expect(tiles).toContain('28')
    expect(wrapper.get('[data-testid="time-saved-formula"]').text()).toContain('adopted (4) × 3 min')
    expect(wrapper.get('[data-testid="top-entries"]').text()).toContain('Reset the SSO cache')
    expect(wrapper.get('[data-testid="top-entries"]').text()).toContain('83%')
    expect(wrapper.text()).toContain('Webhook retries stop')
    // Each chart has its figures as a table (a canvas says nothing to a screen reader).
    const figures = wrapper.findAll('figure.chart')
    expect(figures.map((figure) => figure.attributes('aria-label'))).toEqual([
      'Suggestions shown per day, by kind',
      "Confirmed or refuted by the case's resolution",
      'Knowledge growth per day'
    ])
    expect(figures[0]!.get('table').text()).toContain('2026-03-01')
    expect(figures[2]!.text()).toContain('Nothing recorded in this period.')
    wrapper.unmount()
  })

  it('asks the engine for the chosen period', async () => {
    const engine = busyTeam()
    const wrapper = await openAnalytics(engine)
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ days: 30 })
    await wrapper.get('select[name="period"]').setValue('all')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({})
    await wrapper.get('select[name="period"]').setValue('7')
    await flushPromises()
    expect(engine.callsTo('stats.get').at(-1)).toEqual({ days: 7 })
    wrapper.unmount()
  })
})
