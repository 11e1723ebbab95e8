import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import { fieldLabel, pageOfField, problemList } from '../../src/renderer/src/workbench/settingsPages'
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
type Wrapper = Awaited<ReturnType<typeof openSettings>>
const shownPage = (wrapper: Wrapper) =>
  wrapper.findAll('[role="tabpanel"].page').filter((panel) => panel.attributes('hidden') === undefined)
const shownPageId = (wrapper: Wrapper) => shownPage(wrapper).map((panel) => panel.attributes('id'))

describe('settings in pages', () => {
  it('shows one page at a time, General first; a tab or the arrow keys open another', async () => {
    const wrapper = await openSettings(new FakeEngine())
    expect(shownPageId(wrapper)).toEqual(['settings-page-general'])
    expect(shownPage(wrapper)[0]!.find('input[name="analystName"]').exists()).toBe(true)
    await wrapper.get('[data-testid="settings-page-pipeline"]').trigger('click')
    expect(shownPageId(wrapper)).toEqual(['settings-page-pipeline'])
    expect(shownPage(wrapper)[0]!.find('input[name="pipeline.answerThreshold"]').exists()).toBe(true)
    await wrapper.get('[data-testid="settings-page-pipeline"]').trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    expect(shownPageId(wrapper)).toEqual(['settings-page-model'])
    expect(document.activeElement?.id).toBe('settings-tab-model')
    const tabbable = wrapper.findAll(
      '[role="tablist"][aria-label="Settings pages"] [role="tab"][tabindex="0"]'
    )
    expect(tabbable.map((tab) => tab.text())).toEqual(['Model'])
    wrapper.unmount()
  })

  it("counts an invalid field on its page's tab; a refused save opens that page, focuses the field and lists it", async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('[data-testid="settings-page-pipeline"]').trigger('click')
    const field = wrapper.get('input[name="pipeline.answerThreshold"]')
    await field.setValue('5')
    await wrapper.get('input[name="learning.mergeThreshold"]').setValue('2')
    expect(wrapper.get('[data-testid="settings-page-pipeline"]').text()).toBe('Pipeline 1 to fix')
    await wrapper.get('[data-testid="settings-page-general"]').trigger('click')
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()
    expect(engine.callsTo('settings.update')).toEqual([])
    expect(shownPageId(wrapper)).toEqual(['settings-page-pipeline'])
    expect(document.activeElement).toBe(field.element)
    const error = wrapper.get('[data-testid="settings-error"]')
    expect(error.get('p').text()).toBe('Nothing was saved: 2 fields need a fix.')
    expect(error.findAll('li').map((item) => item.text())).toEqual([
      'Pipeline › Answer threshold: must be 1 or less',
      'Learning › Merge threshold: must be 1 or less'
    ])
    await error.findAll('li button')[1]!.trigger('click')
    await flushPromises()
    expect(shownPageId(wrapper)).toEqual(['settings-page-learning'])
    expect(document.activeElement?.getAttribute('name')).toBe('learning.mergeThreshold')
    wrapper.unmount()
  })

  it('refuses a malformed server URL at its field and saves nothing; the model id may stay empty', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('[data-testid="settings-page-model"]').trigger('click')
    await wrapper.get('select[name="llm.mode"]').setValue('remote')
    const url = wrapper.get('input[name="llm.remoteUrl"]')
    await url.setValue('htp:/not a url')
    const problem = url.element.closest('label')!.querySelector('[data-testid="field-error"]')
    expect(problem?.textContent?.trim()).toBe(
      'must be an http:// or https:// address, like http://127.0.0.1:11434/v1'
    )
    expect(wrapper.get('[data-testid="settings-page-model"]').text()).toBe('Model 1 to fix')
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()
    expect(engine.callsTo('settings.update')).toEqual([])
    expect(wrapper.get('.actions').text()).not.toContain('Saved.')
    await url.setValue('http://127.0.0.1:11434/v1')
    expect(url.element.closest('label')!.querySelector('[data-testid="field-error"]')).toBeNull()
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()
    expect(engine.callsTo('settings.update')).toEqual([
      { llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:11434/v1' } }
    ])
    wrapper.unmount()
  })

  it('links to the Connections screen', async () => {
    const wrapper = await openSettings(new FakeEngine())
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Connections ›')!
      .trigger('click')
    await flushPromises()
    expect(wrapper.get('#tab-connections').attributes('aria-selected')).toBe('true')
    wrapper.unmount()
  })

  it('names each field and its page in words', () => {
    expect(pageOfField('analystName')).toBe('general')
    expect(pageOfField('overlay.opacity')).toBe('general')
    expect(pageOfField('llm.remoteUrl')).toBe('model')
    expect(pageOfField('escalation.rules.1.patterns.0')).toBe('escalation')
    expect(fieldLabel('learning.targetAcceptance')).toBe('Target acceptance')
    expect(fieldLabel('escalation.rules.1.patterns.0')).toBe('Escalation rule 2 patterns, line 1')
    expect(fieldLabel('escalation.rules.4.patterns.0', ['a', 'b', 'c', 'd', 'VIP customer'])).toBe(
      'Escalation rule "VIP customer" patterns, line 1'
    )
    expect(fieldLabel('escalation.rules.1.name', ['a', ' '])).toBe('Escalation rule 2 name')
    expect(
      problemList({ 'learning.mergeThreshold': 'must be 1 or less', team: 'must not be empty' })
    ).toEqual(['General › Team: must not be empty', 'Learning › Merge threshold: must be 1 or less'])
  })
})
