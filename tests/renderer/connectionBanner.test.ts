import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'

describe('both pages say when they no longer hear the engine', () => {
  for (const [name, page] of [
    ['workbench', WorkbenchApp],
    ['overlay', OverlayApp]
  ] as const) {
    it(`${name}: a banner while the connection is lost or refused, gone once it is back`, async () => {
      const engine = new FakeEngine()
      const wrapper = mount(page, { global: { plugins: appPlugins(engine) } })
      await flushPromises()
      const banner = () => wrapper.find('[data-testid="connection-banner"]')
      expect(banner().exists()).toBe(false)
      engine.setConnection('lost')
      await flushPromises()
      expect(banner().text()).toContain('Lost connection to the Vigil engine.')
      expect(banner().attributes('role')).toBe('alert')
      engine.setConnection('refused')
      await flushPromises()
      expect(banner().text()).toContain('link is from an earlier run')
      engine.setConnection('connected')
      await flushPromises()
      expect(banner().exists()).toBe(false)
      wrapper.unmount()
    })
  }
})

describe('the header while the engine is not heard', () => {
  it('no longer says the demo is playing, offers no demo control, and reads the status afresh once back', async () => {
    const engine = new FakeEngine()
    engine.status = { ...engine.status, source: { ...engine.status.source, kind: 'demo', state: 'running' } }
    const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) } })
    await flushPromises()
    const status = () => wrapper.get('[data-testid="engine-status"]').text()
    expect(status()).not.toContain('No connection')
    engine.setConnection('lost')
    await flushPromises()
    expect(status()).toContain('No connection to the Vigil engine')
    const controls = wrapper.get('[data-testid="demo-controls"]')
    expect(controls.text()).toContain('Demo state unknown')
    expect(controls.text()).not.toContain('Demo playing')
    for (const button of controls.findAll('button')) expect(button.attributes('disabled')).toBeDefined()
    engine.setConnection('connected')
    await flushPromises()
    expect(status()).not.toContain('No connection')
    wrapper.unmount()
  })
})
