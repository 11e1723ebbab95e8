import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { appPlugins, FakeEngine } from './fakeEngine'

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
type Page = Awaited<ReturnType<typeof openSettings>>

const save = async (wrapper: Page) => {
  await wrapper.get('form[aria-label="Settings"]').trigger('submit')
  await flushPromises()
}
const problemOf = (wrapper: Page, field: string) =>
  wrapper.find(`[id="problem-overlay.shortcuts.${field}"]`).exists()
    ? wrapper.get(`[id="problem-overlay.shortcuts.${field}"]`).text()
    : null

describe('overlay settings', () => {
  it('saves new global shortcuts and click-through', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('input[name="overlay.shortcuts.ask"]').setValue('CommandOrControl+Alt+A')
    await wrapper.get('input[name="overlay.clickThrough"]').setValue(true)
    expect(wrapper.get('[data-testid="shortcut-settings"]').text()).toContain('Reads Ctrl+Alt+A')
    await save(wrapper)
    expect(engine.settings.overlay.shortcuts.ask).toBe('CommandOrControl+Alt+A')
    expect(engine.settings.overlay.clickThrough).toBe(true)
    wrapper.unmount()
  })

  it('marks a shortcut two actions share at both fields, in words, and saves nothing', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const field = wrapper.get('input[name="overlay.shortcuts.dismiss"]')
    await field.setValue('Alt+Shift+C')
    expect(field.attributes('aria-invalid')).toBe('true')
    expect(problemOf(wrapper, 'dismiss')).toBe(
      '"Alt+Shift+C" is also the shortcut for "Adopt the selected card (copy its text)"; give each action its own'
    )
    expect(problemOf(wrapper, 'adopt')).toContain('is also the shortcut for "Dismiss the selected card"')
    await save(wrapper)
    expect(engine.callsTo('settings.update')).toEqual([])
    expect(engine.settings.overlay.shortcuts.dismiss).toBe('Alt+Shift+D')
    wrapper.unmount()
  })

  it('explains a shortcut that is not one', async () => {
    const wrapper = await openSettings(new FakeEngine())
    await wrapper.get('input[name="overlay.shortcuts.next"]').setValue('Ctrl+Shift+Banana')
    expect(problemOf(wrapper, 'next')).toBe('"Ctrl+Shift+Banana" has an unknown key "Banana"')
    await wrapper.get('input[name="overlay.shortcuts.next"]').setValue('N')
    expect(problemOf(wrapper, 'next')).toContain('needs Ctrl, Cmd, Alt or Super')
    await wrapper.get('input[name="overlay.shortcuts.next"]').setValue('')
    expect(problemOf(wrapper, 'next')).toBeNull()
    expect(wrapper.get('[data-testid="shortcut-settings"]').text()).toContain('No shortcut')
    wrapper.unmount()
  })
})
