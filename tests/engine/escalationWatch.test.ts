import { describe, expect, it } from 'vitest'
import { EscalationWatch } from '../../src/main/engine/escalation/escalationWatch'
import { patternProblem } from '../../src/shared/patternSafety'
import { applySettingsPatch, defaultSettings, type EscalationRule } from '../../src/shared/settings'
import { at, conversation, message } from '../helpers/knowledgeFixtures'
import { json, scriptedModel } from '../helpers/scriptedModel'

const settings = () => defaultSettings().escalation

describe('EscalationWatch', () => {
  it('flags a pattern match with the rule, its severity and the words that matched', async () => {
    const watch = new EscalationWatch(() => {})
    const state = conversation()
    const trigger = message(state, 'customer', 'This is unacceptable, my lawyer will hear about it.', 0)
    const [alert, ...more] = await watch.check(state, trigger, new Date(at(0)), settings(), null)
    expect(more).toEqual([])
    expect(alert).toMatchObject({
      kind: 'escalation',
      severity: 'high',
      title: 'Angry or threatening customer'
    })
    expect(alert!.text).toContain('unacceptable')
    expect(alert!.citations).toEqual([])
  })

  it('does not repeat the same alert on a ticket within the suppression window', async () => {
    const watch = new EscalationWatch(() => {})
    const state = conversation()
    const first = await watch.check(
      state,
      message(state, 'customer', 'We were hacked!', 0),
      new Date(at(0)),
      settings(),
      null
    )
    state.suggestions.push(...first)
    const soon = await watch.check(
      state,
      message(state, 'customer', 'Still hacked.', 10),
      new Date(at(10)),
      settings(),
      null
    )
    expect(soon).toEqual([])
    const later = await watch.check(
      state,
      message(state, 'customer', 'Hacked again', 90),
      new Date(at(90)),
      settings(),
      null
    )
    expect(later.map((a) => a.title)).toEqual(['Security incident'])
  })

  it('ignores analyst messages and ordinary questions', async () => {
    const watch = new EscalationWatch(() => {})
    const state = conversation()
    expect(
      await watch.check(
        state,
        message(state, 'analyst', 'Was your account hacked?', 0),
        new Date(at(0)),
        settings(),
        null
      )
    ).toEqual([])
    expect(
      await watch.check(
        state,
        message(state, 'customer', 'How do I export a CSV?', 1),
        new Date(at(1)),
        settings(),
        null
      )
    ).toEqual([])
  })

  it('asks the model to judge described rules the patterns miss, and accepts only known rules', async () => {
    const watch = new EscalationWatch(() => {})
    const { runtime, stages } = scriptedModel({
      escalation: () =>
        json({
          matches: [
            { ruleId: 'business-impact', evidence: 'checkout broken all morning' },
            { ruleId: 'nope', evidence: '' }
          ]
        })
    })
    const state = conversation()
    const trigger = message(state, 'customer', 'Our checkout has been broken all morning.', 0)
    const alerts = await watch.check(state, trigger, new Date(at(0)), settings(), runtime)
    expect(alerts.map((a) => [a.title, a.severity, a.confidence])).toEqual([['Business impact', 'high', 0.7]])
    expect(stages()).toEqual(['escalation'])
  })

  it('warns once about an invalid pattern and keeps checking the others', async () => {
    const warnings: string[] = []
    const watch = new EscalationWatch((warning) => warnings.push(warning))
    const broken: EscalationRule = {
      ...settings().rules[0]!,
      id: 'broken',
      name: 'Broken',
      patterns: ['(unclosed', 'outage']
    }
    const custom = { ...settings(), rules: [broken] }
    const state = conversation()
    const first = await watch.check(
      state,
      message(state, 'customer', 'total outage here', 0),
      new Date(at(0)),
      custom,
      null
    )
    await watch.check(
      conversation('B'),
      message(conversation('B'), 'customer', 'x', 1),
      new Date(at(1)),
      custom,
      null
    )
    expect(first.map((a) => a.title)).toEqual(['Broken'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('(unclosed')
  })

  it('keeps the pattern findings when the model judgement fails, and reports the failure', async () => {
    const problems: string[] = []
    const watch = new EscalationWatch(
      () => {},
      (stage, error) => problems.push(`${stage}:${error.code}`)
    )
    const { runtime } = scriptedModel({ escalation: () => 'not json at all' })
    const state = conversation()
    const trigger = message(state, 'customer', 'This is unacceptable, and our checkout is broken.', 0)
    const alerts = await watch.check(state, trigger, new Date(at(0)), settings(), runtime)
    expect(alerts.map((a) => a.title)).toEqual(['Angry or threatening customer'])
    expect(problems).toEqual(['escalation:LLM_INVALID_OUTPUT'])
  })

  it('never runs a pattern that can backtrack catastrophically, and says why', async () => {
    const warnings: string[] = []
    const watch = new EscalationWatch((warning) => warnings.push(warning))
    const evil: EscalationRule = {
      ...settings().rules[0]!,
      id: 'evil',
      name: 'Evil',
      patterns: ['^(\\w+\\s?)*$', 'outage']
    }
    const state = conversation()
    const text = `${'word '.repeat(14)}words!`
    const started = performance.now()
    const alerts = await watch.check(
      state,
      message(state, 'customer', text, 0),
      new Date(at(0)),
      { ...settings(), rules: [evil] },
      null
    )
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(alerts).toEqual([])
    expect(warnings[0]).toMatch(/backtrack catastrophically/)
  })

  it('bounds a slow pattern the static check lets through, then switches it off', async () => {
    const warnings: string[] = []
    const watch = new EscalationWatch((warning) => warnings.push(warning))
    // Polynomial, not exponential: accepted by the static check, slow on a long message.
    const slow: EscalationRule = {
      ...settings().rules[0]!,
      id: 'slow',
      name: 'Slow',
      patterns: ['a.*a.*a.*a.*a.*b']
    }
    const state = conversation()
    const started = performance.now()
    await watch.check(
      state,
      message(state, 'customer', 'a'.repeat(4_000), 0),
      new Date(at(0)),
      { ...settings(), rules: [slow] },
      null
    )
    // Bounded (50 ms, then 1 s once for a busy machine) rather than the minutes this pattern takes unbounded.
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(warnings.some((warning) => warning.includes('took too long'))).toBe(true)
    // Switched off: the next message costs nothing and warns no more.
    const before = warnings.length
    await watch.check(
      state,
      message(state, 'customer', 'a'.repeat(4_000), 1),
      new Date(at(1)),
      { ...settings(), rules: [slow] },
      null
    )
    expect(warnings).toHaveLength(before)
  })
  it('still checks the rules before and after a slow one on the same message', async () => {
    const warnings: string[] = []
    const watch = new EscalationWatch((warning) => warnings.push(warning))
    const rule = (id: string, pattern: string): EscalationRule => ({
      ...settings().rules[0]!,
      id,
      name: id,
      patterns: [pattern]
    })
    // All rules run in one bounded call; the slow one stops it, and the rules on either side must still count.
    const rules = [rule('before', 'a{3}'), rule('slow', 'a.*a.*a.*a.*a.*b'), rule('after', 'a{4}')]
    const state = conversation()
    const alerts = await watch.check(
      state,
      message(state, 'customer', 'a'.repeat(4_000), 0),
      new Date(at(0)),
      { ...settings(), rules },
      null
    )
    expect(alerts.map((alert) => alert.title)).toEqual(['before', 'after'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/"slow".*took too long/)
  })
})

describe('escalation patterns in the settings', () => {
  it('refuses to save a pattern that can backtrack catastrophically, naming it', () => {
    const rules = settings().rules.map((rule, index) =>
      index === 0 ? { ...rule, patterns: ['(a+)+$'] } : rule
    )
    expect(() => applySettingsPatch(defaultSettings(), { escalation: { ...settings(), rules } })).toThrow(
      /\(a\+\)\+\$ is refused: .*backtrack catastrophically/
    )
  })

  it('accepts the default rules', () => {
    for (const rule of settings().rules)
      for (const pattern of rule.patterns) expect(patternProblem(pattern)).toBeNull()
  })
})
