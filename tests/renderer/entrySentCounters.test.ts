import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import EntryDetails from '../../src/renderer/src/workbench/knowledge/EntryDetails.vue'
import { emptyCounters } from '../../src/shared/domain'
import { appPlugins, FakeEngine } from './fakeEngine'
import { makeEntry } from './fixtures'

// The details read their times against the screen's clock, which comes from the engine's stores.
const global = { plugins: appPlugins(new FakeEngine()) }

describe('entry counters read from sent replies', () => {
  it('are shown apart from the button counters', () => {
    const entry = makeEntry({ counters: { ...emptyCounters(), adopted: 1, adoptedSent: 3, ignoredSent: 2 } })
    const wrapper = mount(EntryDetails, { props: { entry }, global })
    expect(wrapper.get('[data-testid="sent-counters"]').text()).toBe('sent as is3sent edited0not sent2')
    expect(wrapper.get('.counters').text()).toContain('adopted1')
  })

  it('are left out for entries no reply was compared with yet', () => {
    const wrapper = mount(EntryDetails, {
      props: { entry: makeEntry({ counters: emptyCounters() }) },
      global
    })
    expect(wrapper.find('[data-testid="sent-counters"]').exists()).toBe(false)
  })
})
