import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { FakeEngine } from './fakeEngine'
import { at, makeEntry, makeStatus, makeTicket } from './fixtures'
import { buttonNamed, card, click, openKnowledge } from './knowledgeTestKit'

describe('knowledge entry card', () => {
  it('shows status, review state, version, observations and confidence', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({ status: 'draft', review: 'pending', version: 3, observations: 4, confidence: 0.724 })
    ]
    const wrapper = await openKnowledge(engine)
    const entry = card(wrapper, 'K-7')
    expect(entry.get('[data-testid="entry-status"]').text()).toBe('draft')
    expect(entry.get('[data-testid="entry-review"]').text()).toBe('awaiting review')
    expect(entry.get('[data-testid="entry-meta"]').text()).toMatch(/^v3 · 4 observations ·/)
    const confidence = entry.get('[data-testid="confidence"]')
    expect(confidence.text()).toBe('72% confidence')
    expect(confidence.attributes('aria-valuenow')).toBe('72')
    expect(confidence.get('.fill').attributes('style')).toContain('width: 72%')
    wrapper.unmount()
  })

  it('says a hand-written entry no case confirmed yet is not yet confirmed, not its starting percentage', async () => {
    const engine = new FakeEngine()
    engine.entries = [makeEntry({ status: 'draft', observations: 0, confidence: 0.6, sourceTicketIds: [] })]
    const wrapper = await openKnowledge(engine)
    const confidence = card(wrapper, 'K-7').get('[data-testid="confidence"]')
    expect(confidence.text()).toBe('Not yet confirmed by a case')
    expect(confidence.attributes('role')).toBeUndefined()
    wrapper.unmount()
  })

  it('shows where an entry came from behind its details expander', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({
        provenance: [
          { kind: 'learned', at: at(0), ticketId: 'T-42', messageIds: ['M-3', 'M-5'], by: 'Dana' },
          { kind: 'confirmed', at: at(10), ticketId: 'T-57' },
          { kind: 'rolled-back', at: at(20), by: 'Sam', note: 'to version 1' }
        ]
      })
    ]
    const wrapper = await openKnowledge(engine)
    const entry = card(wrapper, 'K-7')
    // Compact by default: the timeline waits behind the expander.
    expect(entry.find('[data-testid="provenance"]').exists()).toBe(false)
    await click(entry, 'Details and provenance')

    const events = entry.findAll('[data-testid="provenance"] li').map((item) => item.text())
    expect(events).toHaveLength(3)
    expect(events[0]).toMatch(/^Learned on T-42 · from 2 messages · by Dana · /)
    expect(events[1]).toMatch(/^Confirmed on T-57 · /)
    expect(events[2]).toMatch(/^Rolled back by Sam · .*to version 1$/)
    wrapper.unmount()
  })

  it('lists every version with who made it, shows what changed, and restores one after confirmation', async () => {
    const engine = new FakeEngine()
    const first = makeEntry({
      version: 1,
      title: 'VPN drops',
      resolution: ['Reboot the router'],
      provenance: [{ kind: 'learned', at: at(0), ticketId: 'T-42' }]
    })
    engine.history = [
      first,
      makeEntry({
        version: 2,
        title: 'VPN lease expiry',
        resolution: ['Run vpn renew'],
        updatedAt: at(5),
        provenance: [{ kind: 'edited', at: at(5), by: 'Dana' }]
      })
    ]
    engine.entries = [makeEntry({ version: 3, provenance: [{ kind: 'edited', at: at(9), by: 'Sam' }] })]
    const wrapper = await openKnowledge(engine)
    const entry = () => card(wrapper, 'K-7')
    expect(engine.callsTo('knowledge.history')).toEqual([])

    await click(entry(), 'History')
    expect(engine.callsTo('knowledge.history')).toEqual([{ entryId: 'K-7' }])
    const versions = () => entry().findAll('[data-testid="history-version"]')
    expect(versions().map((version) => version.get('strong').text())).toEqual(['v3', 'v2', 'v1'])
    expect(versions()[0]!.text()).toContain('(current) · Edited by Sam')
    expect(versions()[1]!.text()).toContain('Edited by Dana')
    expect(versions()[2]!.text()).toContain('Learned by Vigil')

    // By default the diff shows what the current version changed from the one before it.
    const diff = () => entry().get('[data-testid="entry-diff"]')
    expect(diff().text()).toContain('From v2 to v3')
    const steps = () => diff().findAll('[data-testid="diff-resolution"] li')
    expect(steps().map((step) => [step.classes()[0], step.text()])).toEqual([
      ['same', 'Run vpn renew'],
      ['added', '+ Reconnect']
    ])
    await entry()
      .get('select[name="diffFrom"]')
      .setValue('1|' + at(0))
    expect(diff().text()).toContain('From v1 to v3')
    // Word by word: "VPN" stayed.
    const title = diff().get('[data-testid="diff-title"]')
    expect([title.get('del').text(), title.get('ins').text()]).toEqual(['drops', 'lease expiry'])
    expect(title.text()).toMatch(/^Title\s*VPN/)
    expect(steps().map((step) => step.classes()[0])).toEqual(['added', 'added', 'removed'])

    await click(entry(), 'Restore v1')
    expect(engine.callsTo('knowledge.rollback')).toEqual([])
    await click(versions()[2]!, 'Cancel')
    expect(buttonNamed(versions()[2]!, 'Restore')).toBeUndefined()

    await click(versions()[2]!, 'Restore v1')
    await click(versions()[2]!, 'Restore')
    expect(engine.callsTo('knowledge.rollback')).toEqual([{ entryId: 'K-7', version: 1 }])
    expect(entry().get('h3').text()).toBe('VPN drops')
    expect(entry().get('[data-testid="entry-meta"]').text()).toMatch(/^v4 /)
    await flushPromises()
    // The history is listed again for the new version.
    expect(engine.callsTo('knowledge.history')).toHaveLength(2)
    wrapper.unmount()
  })

  it("shows the engine's refusal to restore a version", async () => {
    const engine = new FakeEngine()
    engine.history = [makeEntry({ version: 1, title: 'VPN drops' })]
    engine.entries = [makeEntry({ version: 2 })]
    engine.failures.set('knowledge.rollback', { code: 'NOT_FOUND', message: 'Entry K-7 has no version 1' })
    const wrapper = await openKnowledge(engine)
    await click(card(wrapper, 'K-7'), 'History')
    await click(card(wrapper, 'K-7'), 'Restore v1')
    await click(card(wrapper, 'K-7'), 'Restore')
    expect(card(wrapper, 'K-7').get('[role="alert"]').text()).toBe('Entry K-7 has no version 1')
    expect(card(wrapper, 'K-7').get('h3').text()).toBe('VPN lease expiry')
    wrapper.unmount()
  })

  it("reads every time on the card against one clock: the demo's in a demo, the computer's otherwise", async () => {
    const dated = (engine: FakeEngine) => {
      // The demo's latest event is on 2 March 2026, the computer's clock is today.
      engine.tickets = [makeTicket({ lastMessageAt: at(30), updatedAt: at(30) })]
      engine.entries = [
        makeEntry({ updatedAt: at(5), provenance: [{ kind: 'written', at: at(5), by: 'Dana' }] })
      ]
      return engine
    }
    const demo = dated(new FakeEngine())
    const inDemo = await openKnowledge(demo)
    const meta = () => card(inDemo, 'K-7').get('[data-testid="entry-meta"]').text()
    // The demo's today: the time alone, with no date.
    expect(meta()).not.toMatch(/2026/)
    expect(meta()).toMatch(/updated \d\d:\d\d/)
    inDemo.unmount()

    // A resolution moves the demo's clock without a message: the engine's status carries it.
    const later = dated(new FakeEngine())
    later.entries = [makeEntry({ updatedAt: '2026-03-05T09:00:00.000Z' })]
    later.status = makeStatus({ now: '2026-03-05T10:00:00.000Z' })
    const afterResolution = await openKnowledge(later)
    expect(card(afterResolution, 'K-7').get('[data-testid="entry-meta"]').text()).not.toMatch(/2026/)
    afterResolution.unmount()

    const live = dated(new FakeEngine())
    live.status = makeStatus({ source: { ...makeStatus().source, kind: 'none', state: 'idle' } })
    const onComputerClock = await openKnowledge(live)
    expect(card(onComputerClock, 'K-7').get('[data-testid="entry-meta"]').text()).toMatch(/2026/)
    onComputerClock.unmount()
  })
})

describe('a rejected draft', () => {
  it('is said as a rejected draft, not as a retired entry (it was never in use)', async () => {
    const engine = new FakeEngine()
    engine.entries = [makeEntry({ status: 'retired', review: 'rejected' })]
    const wrapper = await openKnowledge(engine)
    const entry = card(wrapper, 'K-7')
    expect(entry.get('[data-testid="entry-status"]').text()).toBe('rejected draft')
    expect(entry.find('[data-testid="entry-review"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('a learned entry on the Knowledge screen', () => {
  it('numbers only the instructions: the cause stands above them, a remark stays on its step', async () => {
    const engine = new FakeEngine()
    engine.entries = [
      makeEntry({
        resolution: [
          'With the workspace time zone set to UTC, anything late in your local day is already the next day in UTC.',
          'Go to Admin > General > Workspace time zone and select your time zone.',
          'It handles daylight saving automatically.',
          'Reports recalculate their day buckets within a few minutes.',
          'Raw timestamps in exports stay in UTC, so convert those.'
        ]
      })
    ]
    const wrapper = await openKnowledge(engine)
    const entry = card(wrapper, 'K-7')
    expect(entry.findAll('.explanation').map((line) => line.text())).toEqual([
      'With the workspace time zone set to UTC, anything late in your local day is already the next day in UTC.'
    ])
    const items = entry.findAll('ol > li')
    expect(items.map((item) => [item.attributes('value') ?? null, item.text()])).toEqual([
      [
        '1',
        'Go to Admin > General > Workspace time zone and select your time zone. It handles daylight saving automatically.'
      ],
      [null, 'Reports recalculate their day buckets within a few minutes.'],
      [null, 'Raw timestamps in exports stay in UTC, so convert those.']
    ])
    expect(items[1]!.classes()).toContain('note')
    wrapper.unmount()
  })
})
