import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { SettingsPatch } from '../../src/shared/settings'
import { FakeEngine } from './fakeEngine'
import { openKnowledge, openTab } from './knowledgeTestKit'

const explanation =
  '62% of 12 reactions and case outcomes (the latest weighing most) were a use, a like or a confirmation of the cited entry (target 80%), so Vigil needs 1.18× the usual match before speaking.'

function engineWithAdaptation(): FakeEngine {
  const engine = new FakeEngine()
  engine.status.adaptation = {
    team: 'cloud-support',
    scale: 1.18,
    acceptance: 0.62,
    reactions: 12,
    explanation
  }
  return engine
}

describe('learning settings', () => {
  it('saves only the learning fields that changed', async () => {
    const engine = new FakeEngine()
    const wrapper = await openKnowledge(engine)
    await openTab(wrapper, 'Settings')
    const section = () => wrapper.get('[data-testid="learning-settings"]')
    // The case count matters only when entries wait for cases to agree.
    expect(section().find('input[name="learning.minObservations"]').exists()).toBe(false)
    await section().get('select[name="learning.publish"]').setValue('after-observations')
    await section().get('input[name="learning.minObservations"]').setValue('4')
    await section().get('input[name="learning.retireAfterFailures"]').setValue('5')
    await section().get('input[name="learning.adaptive"]').setValue(false)
    expect(section().find('input[name="learning.targetAcceptance"]').exists()).toBe(false)
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()

    expect(engine.callsTo('settings.update')).toEqual([
      {
        learning: {
          publish: 'after-observations',
          minObservations: 4,
          retireAfterFailures: 5,
          adaptive: false
        }
      } satisfies SettingsPatch
    ])
    expect(engine.settings.learning).toMatchObject({ publish: 'after-observations', minObservations: 4 })
    wrapper.unmount()
  })

  it('saves a new target acceptance', async () => {
    const engine = new FakeEngine()
    const wrapper = await openKnowledge(engine)
    await openTab(wrapper, 'Settings')
    await wrapper.get('input[name="learning.targetAcceptance"]').setValue('0.7')
    await wrapper.get('form[aria-label="Settings"]').trigger('submit')
    await flushPromises()
    expect(engine.callsTo('settings.update')).toEqual([{ learning: { targetAcceptance: 0.7 } }])
    wrapper.unmount()
  })
})

describe('adaptive intervention', () => {
  it('explains the current setting on the Knowledge tab and in the learning settings, live', async () => {
    const engine = engineWithAdaptation()
    const wrapper = await openKnowledge(engine)
    expect(wrapper.get('[data-testid="adaptation"]').text()).toContain(
      `Adaptive intervention: ${explanation}`
    )
    // It says how its share differs from the Analytics screen's, which counts other cards by another rule.
    expect(wrapper.get('[data-testid="adaptation-definition"]').text()).toMatch(
      /since the team began: an analyst's reaction first, else the case's outcome.*Analytics counts differently/
    )

    await openTab(wrapper, 'Settings')
    const inSettings = () => wrapper.get('[data-testid="learning-settings"] [data-testid="adaptation"]')
    expect(inSettings().text()).toContain(explanation)
    engine.push({
      event: 'engine.status',
      payload: {
        ...engine.status,
        adaptation: { ...engine.status.adaptation!, explanation: 'Adaptation is switched off.' }
      }
    })
    await flushPromises()
    expect(inSettings().text()).toContain('Adaptive intervention: Adaptation is switched off.')
    wrapper.unmount()
  })

  it('says nothing when the engine gives no explanation', async () => {
    const wrapper = await openKnowledge(new FakeEngine())
    expect(wrapper.find('[data-testid="adaptation"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
