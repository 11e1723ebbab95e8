/**
 * The Knowledge screen at team scale (issue 11: at 100k entries the screen asked for every entry): it asks the engine
 * for one page, lists more on "Show more", searches and filters by status in the engine, and takes its counts from
 * the engine's catalogue, never from the entries it happens to list.
 */
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'
import { buttonNamed, cards, click, openKnowledge } from './knowledgeTestKit'

function engineWithEntries(count: number): FakeEngine {
  const engine = new FakeEngine()
  engine.entries = Array.from({ length: count }, (_, i) =>
    makeEntry({
      id: `K-${i}`,
      title: i % 10 === 3 ? `Printer queue ${i}` : `VPN lease ${i}`,
      status: i % 20 === 5 ? 'retired' : 'active'
    })
  )
  return engine
}

const text = (wrapper: Awaited<ReturnType<typeof openKnowledge>>, testId: string) =>
  wrapper.get(`[data-testid="${testId}"]`).text()

describe('knowledge list by pages', { timeout: 30_000 }, () => {
  it('asks for one page, shows the team counts from the engine, and lists more on Show more', async () => {
    const engine = engineWithEntries(120)
    const wrapper = await openKnowledge(engine)
    expect(engine.callsTo('knowledge.list')).toEqual([])
    expect(engine.callsTo('knowledge.page').at(-1)).toEqual({ offset: 0, limit: 50 })
    expect(cards(wrapper)).toHaveLength(50)
    expect(text(wrapper, 'knowledge-count')).toBe('114 active entries, 6 retired')
    expect(text(wrapper, 'knowledge-shown')).toBe('50 of 120 shown')

    await click(wrapper, 'Show more')
    expect(engine.callsTo('knowledge.page').at(-1)).toEqual({ offset: 50, limit: 50 })
    expect(cards(wrapper)).toHaveLength(100)
    await click(wrapper, 'Show more')
    expect(cards(wrapper)).toHaveLength(120)
    expect(text(wrapper, 'knowledge-shown')).toBe('120 of 120 shown')
    expect(buttonNamed(wrapper, 'Show more')).toBeUndefined()
    // The counts stay the team's, whatever is listed.
    expect(text(wrapper, 'knowledge-count')).toBe('114 active entries, 6 retired')
    wrapper.unmount()
  })

  it('searches and filters by status in the engine, from the first page again', async () => {
    const engine = engineWithEntries(120)
    const wrapper = await openKnowledge(engine)
    await click(wrapper, 'Show more')

    await wrapper.get('[data-testid="knowledge-status"]').setValue('retired')
    await flushPromises()
    expect(engine.callsTo('knowledge.page').at(-1)).toEqual({ offset: 0, limit: 50, status: 'retired' })
    expect(cards(wrapper)).toHaveLength(6)
    expect(text(wrapper, 'knowledge-shown')).toBe('6 of 6 shown')

    await wrapper.get('[data-testid="knowledge-status"]').setValue('')
    const search = wrapper.get('input[type="search"]')
    await search.setValue('printer')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await flushPromises()
    expect(engine.callsTo('knowledge.page').at(-1)).toEqual({ offset: 0, limit: 50, query: 'printer' })
    expect(cards(wrapper)).toHaveLength(12)
    expect(text(wrapper, 'knowledge-shown')).toBe('12 found')
    expect(text(wrapper, 'knowledge-count')).toBe('114 active entries, 6 retired')
    wrapper.unmount()
  })

  it('keeps the entries listed when a change makes it list again', async () => {
    const engine = engineWithEntries(120)
    const wrapper = await openKnowledge(engine)
    await click(wrapper, 'Show more')
    engine.push({
      event: 'knowledge.changed',
      payload: { team: 'cloud-support', entryId: 'K-1', change: 'updated' }
    } as never)
    await flushPromises()
    expect(engine.callsTo('knowledge.page').at(-1)).toEqual({ offset: 0, limit: 100 })
    expect(cards(wrapper)).toHaveLength(100)
    wrapper.unmount()
  })
})

describe('a team whose knowledge is still being prepared', () => {
  it('says so in the header, with how far the catalogue is and whether search answers yet', async () => {
    const engine = engineWithEntries(3)
    engine.status = {
      ...engine.status,
      knowledgePreparing: { catalogued: 40_000, of: 100_000, searchable: false }
    }
    const wrapper = await openKnowledge(engine)
    expect(text(wrapper, 'knowledge-preparing')).toBe(
      'Preparing knowledge: 40,000 of 100,000 entries catalogued, search index being built'
    )
    wrapper.unmount()
  })
})
