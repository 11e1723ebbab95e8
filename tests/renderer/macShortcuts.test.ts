import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import OverlayApp from '../../src/renderer/src/overlay/OverlayApp.vue'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { defaultOverlayShortcuts, macOverlayShortcuts } from '../../src/shared/overlayShortcuts'
import { appPlugins, FakeEngine } from './fakeEngine'

/**
 * The global shortcuts on a Mac: Control+Command defaults (Option+letter types a character there), shown in the
 * overlay's help panel and in Settings with the Mac's symbols. Node's process.platform is what the shared code reads.
 */
// Typed for the page (no Node types here), but run in Node under happy-dom.
const nodeProcess = (globalThis as unknown as { process: object }).process
const realPlatform = Object.getOwnPropertyDescriptor(nodeProcess, 'platform')!
beforeEach(() => Object.defineProperty(nodeProcess, 'platform', { ...realPlatform, value: 'darwin' }))
afterEach(() => {
  Object.defineProperty(nodeProcess, 'platform', realPlatform)
  document.body.innerHTML = ''
})

async function press(key: string): Promise<void> {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  await flushPromises()
}

async function openSettings(engine: FakeEngine) {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  await wrapper
    .findAll('[role="tab"]')
    .find((tab) => tab.text() === 'Settings')!
    .trigger('click')
  await flushPromises()
  return wrapper
}

describe('global shortcuts on a Mac', () => {
  it('the help panel lists the Mac defaults with its symbols, also before the settings are read', async () => {
    const engine = new FakeEngine()
    expect(engine.settings.overlay.shortcuts).toEqual(macOverlayShortcuts)
    const wrapper = mount(OverlayApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
    await flushPromises()
    await press('?')
    const rows = wrapper.get('[data-testid="global-shortcuts"]').findAll('kbd')
    expect(rows.map((row) => row.text())).toEqual(['⇧⌘Space', '⌃⌘↓', '⌃⌘↑', '⌃⌘C', '⌃⌘X', '⌃⌘A'])
    wrapper.unmount()

    // Settings that cannot be read: the panel still lists this computer's defaults, not the Alt+Shift ones.
    const failing = new FakeEngine()
    failing.failures.set('settings.get', { code: 'INTERNAL', message: 'settings unreadable' })
    const second = mount(OverlayApp, { global: { plugins: appPlugins(failing) }, attachTo: document.body })
    await flushPromises()
    await press('?')
    expect(second.get('[data-testid="global-shortcuts"]').text()).toContain('⌃⌘C')
    expect(second.get('[data-testid="global-shortcuts"]').text()).not.toContain('⌥')
    second.unmount()
  })

  it('Settings show each default, warn at an Option shortcut that types a character, and restore the defaults', async () => {
    const engine = new FakeEngine()
    // Saved before the Mac defaults existed: the Alt+Shift family.
    engine.settings.overlay.shortcuts = { ...defaultOverlayShortcuts }
    const wrapper = await openSettings(engine)
    const section = () => wrapper.get('[data-testid="shortcut-settings"]')
    expect(section().get('[data-testid="shortcut-defaults-note"]').text()).toContain(
      'The card shortcuts default to Control+Command on a Mac'
    )
    const reads = () =>
      section()
        .findAll('[data-testid="shortcut-reads"]')
        .map((line) => line.text())
    expect(reads()[0]).toBe('Reads ⇧⌘Space (the default)')
    expect(reads()[3]).toBe('Reads ⌥⇧C; default ⌃⌘C')
    const warnings = () =>
      section()
        .findAll('[data-testid="shortcut-warning"]')
        .map((line) => line.text())
    expect(warnings()).toHaveLength(3)
    expect(warnings()[1]).toBe(
      'on a Mac, ⌥⇧D types a character: as a global shortcut it takes that character from every app (add ⌃ or ⌘)'
    )

    await section().get('[data-testid="shortcut-defaults"]').trigger('click')
    expect(warnings()).toEqual([])
    expect(reads()[3]).toBe('Reads ⌃⌘C (the default)')
    expect(section().get('[data-testid="shortcut-defaults"]').attributes('disabled')).toBeDefined()
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()
    expect(engine.settings.overlay.shortcuts).toEqual(macOverlayShortcuts)
    wrapper.unmount()
  })
})
