import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import type { SettingsPatch } from '../../src/shared/settings'
import { appPlugins, DesktopFakeEngine, FakeEngine } from './fakeEngine'

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

/** Anything buttons can be searched in: a page or a part of it. */
type Searchable = { findAll(selector: string): DOMWrapper<Element>[] }

const buttonNamed = (wrapper: Searchable, name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name)!

async function save(wrapper: VueWrapper) {
  await wrapper.get('form[aria-label="Settings"]').trigger('submit')
  await flushPromises()
}

/** The settings opened with escalation rule `index` expanded for editing. */
async function editRule(engine: FakeEngine, index: number) {
  const wrapper = await openSettings(engine)
  const rule = wrapper.findAll('[data-testid="escalation-rule"]')[index]!
  await buttonNamed(rule, 'Edit').trigger('click')
  return { wrapper, rule }
}

const lastUpdate = (engine: FakeEngine) => engine.callsTo('settings.update').at(-1) as SettingsPatch

describe('language model settings', () => {
  it('saves a switch to a local model file as just the fields that changed', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('select[name="llm.mode"]').setValue('local')
    await wrapper.get('input[name="llm.modelPath"]').setValue('/models/qwen.gguf')
    await save(wrapper)
    expect(lastUpdate(engine)).toEqual({ llm: { mode: 'local', modelPath: '/models/qwen.gguf' } })
    expect(engine.settings.llm.mode).toBe('local')
    wrapper.unmount()
  })

  it('fills the model path from the file dialog when the desktop shell offers one', async () => {
    const engine = new DesktopFakeEngine()
    engine.pickedModelFile = '/home/dana/models/phi.gguf'
    const wrapper = await openSettings(engine)
    await wrapper.get('select[name="llm.mode"]').setValue('local')
    await buttonNamed(wrapper, 'Choose file…').trigger('click')
    await flushPromises()
    expect(wrapper.get<HTMLInputElement>('input[name="llm.modelPath"]').element.value).toBe(
      '/home/dana/models/phi.gguf'
    )
    wrapper.unmount()
  })

  it('marks the empty server address when the field is left or a save is tried, not as soon as the server is chosen', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('select[name="llm.mode"]').setValue('remote')
    const url = wrapper.get('input[name="llm.remoteUrl"]')
    const problem = () => url.element.closest('label')!.querySelector('[data-testid="field-error"]')
    expect(problem()).toBeNull()
    expect(wrapper.find('[data-testid="field-error"]').exists()).toBe(false)
    await url.trigger('focusout')
    expect(problem()?.textContent?.trim()).toBe("must be the server's address when the model is a server")
    wrapper.unmount()

    const again = await openSettings(new FakeEngine())
    await again.get('select[name="llm.mode"]').setValue('remote')
    expect(again.find('[data-testid="field-error"]').exists()).toBe(false)
    await save(again)
    expect(again.get('[data-testid="field-error"]').text()).toBe(
      "must be the server's address when the model is a server"
    )
    again.unmount()
  })

  it('offers no file dialog in a browser', async () => {
    const wrapper = await openSettings(new FakeEngine())
    await wrapper.get('select[name="llm.mode"]').setValue('local')
    expect(buttonNamed(wrapper, 'Choose file…')).toBeUndefined()
    wrapper.unmount()
  })

  it('stores the API key in the secret store and never shows it again', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    await wrapper.get('select[name="llm.mode"]').setValue('remote')
    await wrapper.get('input[name="remoteApiKey"]').setValue('sk-very-secret')
    await buttonNamed(wrapper, 'Store key').trigger('click')
    await flushPromises()
    expect(engine.callsTo('secrets.setRemoteApiKey')).toEqual([{ apiKey: 'sk-very-secret' }])
    expect(engine.remoteApiKey).toBe('sk-very-secret')
    expect(wrapper.get<HTMLInputElement>('input[name="remoteApiKey"]').element.value).toBe('')
    expect(wrapper.html()).not.toContain('sk-very-secret')
    expect(wrapper.get('[data-testid="api-key-stored"]').text()).toBe('A key is stored.')
    // The key is not a setting: saving the form never carries it.
    expect(engine.callsTo('settings.update')).toEqual([])

    await buttonNamed(wrapper, 'Remove key').trigger('click')
    await flushPromises()
    expect(engine.callsTo('secrets.setRemoteApiKey').at(-1)).toEqual({ apiKey: '' })
    expect(wrapper.find('[data-testid="api-key-stored"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the model loading, then its failure and that Vigil runs retrieval-only', async () => {
    const engine = new FakeEngine()
    engine.status.model = { mode: 'local', state: 'loading', progress: 0.4, model: 'qwen.gguf', error: null }
    engine.status.messages = 200
    engine.status.llmCalls = 10
    const wrapper = await openSettings(engine)
    const status = () => wrapper.get('[data-testid="model-status"]')
    expect(status().find('progress').attributes('aria-valuetext')).toBe('40%')
    expect(status().text()).toContain('10 model calls for 200 messages (5% of messages)')

    engine.push({
      event: 'engine.status',
      payload: {
        ...engine.status,
        model: { mode: 'local', state: 'error', progress: null, model: 'qwen.gguf', error: 'Not a GGUF file' }
      }
    })
    await flushPromises()
    expect(status().get('[data-testid="model-error"]').text()).toBe('Not a GGUF file')
    expect(status().text()).toContain('Vigil works retrieval-only until this is fixed')
    expect(wrapper.get('[data-testid="model-chip"]').text()).toBe('model failed: retrieval only')
    wrapper.unmount()
  })

  it('says in words when a loaded model is paused after failures in a row', async () => {
    const engine = new FakeEngine()
    const health =
      'paused after 3 failures in a row (HTTP 500); Vigil runs retrieval-only and tries the model again in 25 s'
    engine.status.model = {
      mode: 'remote',
      state: 'ready',
      progress: 1,
      model: 'm at http://x',
      error: null,
      health
    }
    const wrapper = await openSettings(engine)
    expect(wrapper.get('[data-testid="model-health"]').text()).toBe(`The model is ${health}.`)
    engine.push({
      event: 'engine.status',
      payload: { ...engine.status, model: { ...engine.status.model, health: 'working' } }
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="model-health"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('model trust', () => {
  it('shows a model that failed the self-check as not used, with each case, and saves "use it anyway"', async () => {
    const engine = new FakeEngine()
    engine.status.model = {
      mode: 'local',
      state: 'ready',
      progress: 1,
      model: 'stories260K.gguf',
      error: null,
      trust: {
        verdict: 'unreliable',
        inUse: false,
        overridden: false,
        checks: [
          {
            name: 'A customer question needs help',
            passed: false,
            detail: 'needsHelp false: "It\'s a shark."'
          },
          { name: 'Thanks alone needs no help', passed: true, detail: 'needsHelp false (other)' }
        ],
        message: 'Not reliable for Vigil: it failed 1 of 2 self-check cases. Vigil stays retrieval-only.'
      }
    }
    const wrapper = await openSettings(engine)
    const status = wrapper.get('[data-testid="model-status"]')
    expect(status.text()).toContain('Loaded, not used: stories260K.gguf')
    expect(status.get('[data-testid="model-trust"]').text()).toContain('Not reliable for Vigil')
    const checks = status.findAll('[data-testid="model-checks"] li').map((item) => item.text())
    expect(checks[0]).toContain('A customer question needs help (failed)')
    expect(checks[0]).toContain("It's a shark.")
    expect(checks[1]).toContain('Thanks alone needs no help (passed)')
    expect(wrapper.get('[data-testid="model-chip"]').text()).toBe('model not trusted: retrieval only')

    await wrapper.get('select[name="llm.mode"]').setValue('local')
    await wrapper.get('input[name="llm.useUnreliableModel"]').setValue(true)
    await save(wrapper)
    expect(lastUpdate(engine)).toEqual({ llm: { mode: 'local', useUnreliableModel: true } })
    wrapper.unmount()
  })

  it('shows a model that passed as ready', async () => {
    const engine = new FakeEngine()
    engine.status.model = {
      mode: 'remote',
      state: 'ready',
      progress: 1,
      model: 'qwen at http://127.0.0.1:8080/v1',
      error: null,
      trust: {
        verdict: 'reliable',
        inUse: true,
        overridden: false,
        checks: [],
        message: "Passed Vigil's self-check (4 of 4 cases)."
      }
    }
    const wrapper = await openSettings(engine)
    expect(wrapper.get('[data-testid="model-status"] .ready').text()).toBe(
      'Ready: qwen at http://127.0.0.1:8080/v1'
    )
    expect(wrapper.get('[data-testid="model-chip"]').text()).toBe('model ready')
    wrapper.unmount()
  })
})

describe('escalation rules', () => {
  it('marks every refused pattern line at once under the field, not one at a time', async () => {
    const { wrapper, rule } = await editRule(new FakeEngine(), 1)
    const field = rule.get('textarea[name="escalation.rules.1.patterns"]')
    await field.setValue('.*\n([a-z\nab\n(a+)+$\nacme corp')
    await field.trigger('blur')
    await flushPromises()
    const lines = rule
      .get('[data-testid="field-error"]')
      .findAll('.problem')
      .map((line) => line.text())
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'line 1',
      'line 2',
      'line 3',
      'line 4'
    ])
    wrapper.unmount()
  })

  it('saves an edited rule and a rule turned off', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const rules = () => wrapper.findAll('[data-testid="escalation-rule"]')
    await buttonNamed(rules()[0]!, 'Edit').trigger('click')
    await rules()[0]!
      .get('textarea[name="escalation.rules.0.patterns"]')
      .setValue('\\boutage\\b\n\nstatus page\n')
    await rules()[1]!.get('input[type="checkbox"]').setValue(false)
    await save(wrapper)
    const saved = lastUpdate(engine).escalation?.rules
    expect(saved?.[0]?.patterns).toEqual(['\\boutage\\b', 'status page'])
    expect(saved?.[1]?.enabled).toBe(false)
    expect(engine.settings.escalation.rules[0]!.patterns).toEqual(['\\boutage\\b', 'status page'])
    wrapper.unmount()
  })

  it('keeps the VIP rule off until it has patterns, and says that a rule without patterns needs some', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const vip = wrapper
      .findAll('[data-testid="escalation-rule"]')
      .find((rule) => rule.text().includes('VIP customer'))!
    expect(vip.get<HTMLInputElement>('input[type="checkbox"]').element.checked).toBe(false)
    expect(vip.get('[data-testid="rule-no-patterns"]').text()).toBe('no patterns: add some to use this rule')
    const first = wrapper.findAll('[data-testid="escalation-rule"]')[0]!
    const patterns = engine.settings.escalation.rules[0]!.patterns.length
    expect(patterns).toBeGreaterThan(1)
    expect(first.text()).toContain(`${patterns} patterns`)
    expect(first.find('[data-testid="rule-no-patterns"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('adds and removes rules', async () => {
    const engine = new FakeEngine()
    const before = engine.settings.escalation.rules.length
    const wrapper = await openSettings(engine)
    await buttonNamed(wrapper, 'Add rule').trigger('click')
    const added = wrapper.findAll('[data-testid="escalation-rule"]').at(-1)!
    await added.get(`input[name="escalation.rules.${before}.name"]`).setValue('Churn risk')
    await added.get(`textarea[name="escalation.rules.${before}.patterns"]`).setValue('switch to a competitor')
    await save(wrapper)
    expect(engine.settings.escalation.rules.at(-1)).toMatchObject({
      id: 'custom-1',
      name: 'Churn risk',
      patterns: ['switch to a competitor'],
      enabled: true
    })

    await buttonNamed(wrapper.findAll('[data-testid="escalation-rule"]')[0]!, 'Edit').trigger('click')
    await buttonNamed(wrapper, 'Remove rule').trigger('click')
    await save(wrapper)
    expect(engine.settings.escalation.rules.map((rule) => rule.id)).not.toContain('widespread')
    expect(engine.settings.escalation.rules).toHaveLength(before)
    wrapper.unmount()
  })

  it('refuses an empty rule name next to the field, sends nothing and keeps the stored rules', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const first = wrapper.findAll('[data-testid="escalation-rule"]')[0]!
    await buttonNamed(first, 'Edit').trigger('click')
    await first.get('input[name="escalation.rules.0.name"]').setValue('')
    expect(first.get('[data-testid="field-error"]').text()).toBe('must not be empty')
    await buttonNamed(first, 'Close').trigger('click')
    expect(first.get('[data-testid="rule-invalid"]').text()).toBe('needs a fix')
    await save(wrapper)
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('Nothing was saved')
    expect(engine.callsTo('settings.update')).toHaveLength(0)
    expect(engine.settings.escalation.rules[0]!.name).toBe('Many customers or regions affected')
    wrapper.unmount()
  })

  it('flags a pattern that is not a valid regular expression', async () => {
    const { wrapper, rule: first } = await editRule(new FakeEngine(), 0)
    const patterns = first.get('textarea[name="escalation.rules.0.patterns"]')
    await patterns.setValue('(unclosed')
    const label = patterns.element.closest('label')!
    expect(label.querySelectorAll('[data-testid="field-error"]')).toHaveLength(1)
    expect(label.querySelector('[data-testid="field-error"]')!.textContent).toContain('(unclosed')
    // In words, not the JavaScript engine's ("Invalid regular expression: /(unclosed/i: Unterminated group").
    expect(label.querySelector('[data-testid="field-error"]')!.textContent).toContain(
      'it has an unclosed parenthesis'
    )
    expect(label.textContent).not.toMatch(/Invalid regular expression|Unterminated/)
    wrapper.unmount()
  })

  it('refuses a pattern that matches everything or is too short at its line, and saves nothing', async () => {
    const engine = new FakeEngine()
    const { wrapper, rule: first } = await editRule(engine, 0)
    const patterns = first.get('textarea[name="escalation.rules.0.patterns"]')
    await patterns.setValue('refund\n.*')
    expect(first.get('[data-testid="field-error"]').text()).toMatch(
      /^line 2 pattern \.\* is refused: it matches an empty message/
    )
    await patterns.setValue('x')
    expect(first.get('[data-testid="field-error"]').text()).toMatch(
      /^line 1 pattern x is refused: it is too short/
    )
    await save(wrapper)
    expect(engine.callsTo('settings.update')).toHaveLength(0)
    await patterns.setValue('refund')
    expect(first.find('[data-testid="field-error"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('refuses a second rule with the name of another at its name field', async () => {
    const engine = new FakeEngine()
    const { wrapper, rule: second } = await editRule(engine, 1)
    await second.get('input[name="escalation.rules.1.name"]').setValue('many customers or regions affected')
    expect(second.get('[data-testid="field-error"]').text()).toBe(
      'is already the name of rule 1: give each rule its own name'
    )
    await save(wrapper)
    expect(engine.callsTo('settings.update')).toHaveLength(0)
    expect(engine.settings.escalation.rules[1]!.name).toBe('Business impact')
    wrapper.unmount()
  })

  it('flags a pattern that can backtrack catastrophically, and saving it shows the refusal, not "Saved."', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const first = wrapper.findAll('[data-testid="escalation-rule"]')[0]!
    await buttonNamed(first, 'Edit').trigger('click')
    await first.get('textarea[name="escalation.rules.0.patterns"]').setValue('(a+)+$')
    // Said once, at the field, as it is typed.
    expect(first.findAll('.error')).toHaveLength(1)
    expect(first.get('[data-testid="field-error"]').text()).toMatch(/^line 1 .*backtrack catastrophically/)
    await save(wrapper)
    expect(first.findAll('.error')).toHaveLength(1)
    expect(first.get('[data-testid="field-error"]').text()).toMatch(/^line 1 .*backtrack catastrophically/)
    expect(wrapper.get('[data-testid="settings-error"] li').text()).toMatch(
      /^Escalation › Escalation rule "Many customers or regions affected" patterns, line 1: pattern \(a\+\)\+\$ is refused/
    )
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('Nothing was saved')
    expect(wrapper.text()).not.toContain('Saved.')
    expect(engine.settings.escalation.rules[0]!.patterns).not.toContain('(a+)+$')
    wrapper.unmount()
  })
})

describe('settings errors', () => {
  it('marks an out-of-range number at its field in plain words, saves nothing, and saves once it is fixed', async () => {
    const engine = new FakeEngine()
    const wrapper = await openSettings(engine)
    const field = wrapper.get('input[name="pipeline.answerThreshold"]')
    await field.setValue('3')
    const label = field.element.closest('label')!
    expect(label.querySelector('[data-testid="field-error"]')?.textContent?.trim()).toBe('must be 1 or less')
    expect(field.attributes('aria-invalid')).toBe('true')
    await save(wrapper)
    expect(engine.callsTo('settings.update')).toHaveLength(0)
    expect(wrapper.get('[data-testid="settings-error"] p').text()).toBe(
      'Nothing was saved: one field needs a fix.'
    )

    await field.setValue('0.5')
    expect(label.querySelector('[data-testid="field-error"]')).toBeNull()
    await save(wrapper)
    expect(lastUpdate(engine)).toEqual({ pipeline: { answerThreshold: 0.5 } })
    expect(wrapper.find('[data-testid="settings-error"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it("still shows the engine's refusal when the engine rejects what the form accepted", async () => {
    const engine = new FakeEngine()
    engine.failures.set('settings.update', {
      code: 'SETTINGS_INVALID',
      message: 'Invalid settings: team is taken'
    })
    const wrapper = await openSettings(engine)
    await wrapper.get('input[name="team"]').setValue('platform')
    await save(wrapper)
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('team is taken')
    wrapper.unmount()
  })
})

describe('settings the engine could not use as stored', () => {
  it('can be saved without a change, which writes the settings shown and clears the warning', async () => {
    const engine = new FakeEngine()
    engine.settingsWarnings = ['settings.json: not valid JSON (Unexpected end); using default settings.']
    const wrapper = await openSettings(engine)
    const saveButton = buttonNamed(wrapper, 'Save settings')
    expect(saveButton.attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-testid="save-repairs"]').text()).toContain('in place of what could not be used')
    await save(wrapper)
    expect(engine.callsTo('settings.update')).toEqual([{}])
    expect(wrapper.find('[data-testid="settings-warnings"]').exists()).toBe(false)
    expect(buttonNamed(wrapper, 'Save settings').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('says the speed the demo plays at now when the bar chose another than the stored one', async () => {
    const engine = new FakeEngine()
    engine.status = {
      ...engine.status,
      source: { ...engine.status.source, kind: 'demo', state: 'running', speed: 5 }
    }
    const wrapper = await openSettings(engine)
    expect(wrapper.get('[data-testid="demo-playing-speed"]').text()).toContain('The demo plays at 5× now')
    wrapper.unmount()
  })
})
