import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { KnowledgeGap } from '../../src/shared/domain'
import { FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
import { openKnowledge } from './knowledgeTestKit'

const gap = (overrides: Partial<KnowledgeGap>): KnowledgeGap => ({
  id: 'gap-1',
  team: 'cloud-support',
  topic: 'charged twice plan',
  title: 'Charged twice for the plan',
  query: 'two identical charges',
  ticketIds: ['T-1'],
  count: 1,
  firstSeen: '2026-03-01T10:00:00.000Z',
  lastSeen: '2026-03-01T10:00:00.000Z',
  status: 'open',
  ...overrides
})

describe('knowledge gaps in the workbench', () => {
  it('lists the open problems in the engine order (most frequent first) and the answered ones apart', async () => {
    const engine = new FakeEngine()
    engine.gaps = [
      gap({ id: 'g-1', title: 'Charged twice for the plan', ticketIds: ['T-1', 'T-3'], count: 2 }),
      gap({ id: 'g-2', title: 'Dark mode missing', ticketIds: ['T-2'] }),
      gap({
        id: 'g-3',
        title: 'SSO fails after rotation',
        status: 'closed',
        answeredBy: { entryId: 'kb-1', title: 'Replace the SAML certificate', at: '2026-03-02T10:00:00.000Z' }
      })
    ]
    const wrapper = await openKnowledge(engine)
    const open = wrapper.get('[data-testid="gaps-open"]').findAll('li')
    expect(open.map((item) => item.text())).toEqual([
      'Charged twice for the plan2 tickets: T-1, T-3 · since 2026-03-01',
      'Dark mode missing1 ticket: T-2 · since 2026-03-01'
    ])
    expect(wrapper.get('#gaps-heading').text()).toContain('2 open')
    expect(wrapper.get('[data-testid="gaps-closed"]').text()).toContain(
      'answered by “Replace the SAML certificate” on 2026-03-02'
    )
    wrapper.unmount()
  })

  it('says when the fix was learned from the gap own ticket only, so the entry beside it is no contradiction', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({
        id: 'kb-T-7',
        title: 'CSV export fails with "504 Gateway Timeout"',
        sourceTicketIds: ['T-7']
      }),
      makeEntry({ id: 'kb-T-9', title: 'Dark mode', sourceTicketIds: ['T-2', 'T-9'] })
    ]
    engine.gaps = [
      gap({ id: 'g-1', title: 'CSV export fails with 504 Gateway Timeout', ticketIds: ['T-7'] }),
      gap({ id: 'g-2', title: 'Dark mode missing', ticketIds: ['T-2'] })
    ]
    const wrapper = await openKnowledge(engine)
    const open = wrapper.get('[data-testid="gaps-open"]').findAll('li')
    expect(open[0]!.text()).toContain(
      // A quote within the quote takes single marks (no `"”`).
      'learned from that ticket as “CSV export fails with ‘504 Gateway Timeout’”; listed until another case confirms it'
    )
    // An entry that also rests on another case is not "learned from the gap alone".
    expect(open[1]!.find('[data-testid="gap-learned-once"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps the learned-from-its-tickets note in the review queue (it reads every entry, not the list on screen)', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({
        id: 'kb-T-7',
        title: 'CSV export fails with 504 Gateway Timeout',
        sourceTicketIds: ['T-7']
      }),
      makeEntry({ id: 'kb-2', title: 'Risky draft', status: 'draft', review: 'pending' })
    ]
    engine.gaps = [gap({ id: 'g-1', title: 'CSV export fails', ticketIds: ['T-7'] })]
    const wrapper = await openKnowledge(engine)
    const note = () => wrapper.find('[data-testid="gap-learned-once"]').exists()
    expect(note()).toBe(true)
    await wrapper
      .findAll('button')
      .find((button) => button.text().startsWith('Review queue'))!
      .trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="knowledge-entry"]')).toHaveLength(1)
    expect(note()).toBe(true)
    wrapper.unmount()
  })

  it('reloads when the engine says the gaps changed, and says when none is open', async () => {
    const engine = new FakeEngine()
    const wrapper = await openKnowledge(engine)
    expect(wrapper.get('[data-testid="knowledge-gaps"]').text()).toContain('None open')
    engine.gaps = [gap({ title: 'Invoices in the wrong currency' })]
    engine.push({ event: 'knowledge.gapsChanged', payload: { team: 'cloud-support' } })
    await flushPromises()
    expect(wrapper.get('[data-testid="gaps-open"]').text()).toContain('Invoices in the wrong currency')
    wrapper.unmount()
  })
})
