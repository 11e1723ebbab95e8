import { describe, expect, it } from 'vitest'
import { escalationRuleIssues } from '../../src/shared/escalationRuleChecks'
import { patternBreadthProblem } from '../../src/shared/patternBreadth'
import { patternProblem } from '../../src/shared/patternSafety'
import { applySettingsPatch, defaultSettings, settingsFieldIssues } from '../../src/shared/settings'

const withRules = (edit: (rules: ReturnType<typeof defaultSettings>['escalation']['rules']) => void) => {
  // A deep copy: the schema's default rules are one shared array.
  const settings = structuredClone(defaultSettings())
  edit(settings.escalation.rules)
  return settings
}

describe('escalation patterns that would fire on almost anything', () => {
  it.each([
    ['.*', /matches an empty message/],
    ['.+', /matches an everyday message/],
    ['\\w', /matches an everyday message/],
    ['ab', /too short/],
    ['x', /too short/],
    ['thank', /matches an everyday message \("Hello, thank you for your help\."\)/],
    ['(?:)', /matches an empty message/],
    ['a|', /matches an empty message/]
  ])('refuses %s in plain words', (pattern, words) => {
    expect(patternBreadthProblem(pattern)).toMatch(words)
  })

  it.each(['refund', 'acme\\.com', 'lawyer', '\\b[45]\\d\\d\\b'])(
    'accepts a specific pattern: %s',
    (pattern) => {
      expect(patternBreadthProblem(pattern)).toBeNull()
    }
  )

  it('accepts every default rule pattern', () => {
    for (const rule of defaultSettings().escalation.rules)
      for (const pattern of rule.patterns) expect(patternBreadthProblem(pattern), pattern).toBeNull()
  })
})

describe('regular expression syntax errors in plain words', () => {
  it.each([
    ['(unclosed', 'it has an unclosed parenthesis: a "(" without its ")"'],
    ['[abc', 'it has an unclosed bracket: a "[" without its "]"'],
    ['abc)', 'it has a ")" with no "(" before it'],
    ['*refund', /nothing before it to repeat/],
    ['refund\\', /ends with a lone backslash/],
    ['a{5,2}', /repeat count the wrong way round/],
    ['[z-a]', /range the wrong way round/],
    ['(?x)', /starts no kind of group/]
  ])('%s', (pattern, words) => {
    const problem = patternProblem(pattern)
    expect(problem).toEqual(typeof words === 'string' ? words : expect.stringMatching(words))
    expect(problem).not.toMatch(/Invalid regular expression|Unterminated|Unmatched/)
  })
})

describe('escalation rules checked together', () => {
  it('refuses a second rule with the same name (any case and spacing) at its name field', () => {
    const settings = withRules((rules) => (rules[3]!.name = '  business IMPACT '))
    expect(escalationRuleIssues(settings.escalation.rules)).toEqual({
      'escalation.rules.3.name': 'is already the name of rule 2: give each rule its own name'
    })
    expect(settingsFieldIssues(settings)['escalation.rules.3.name']).toMatch(/already the name of rule 2/)
    expect(() => applySettingsPatch(defaultSettings(), { escalation: settings.escalation })).toThrow(
      /escalation\.rules\.3\.name is already the name of rule 2/
    )
  })

  it('refuses a too-broad pattern at its line when saved, and keeps the stored rules', () => {
    const current = defaultSettings()
    const settings = withRules((rules) => rules[1]!.patterns.push('.*'))
    expect(settingsFieldIssues(settings)).toEqual({
      'escalation.rules.1.patterns.2': expect.stringMatching(
        /^pattern \.\* is refused: it matches an empty message/
      )
    })
    expect(() => applySettingsPatch(current, { escalation: settings.escalation })).toThrow(
      /pattern \.\* is refused/
    )
    expect(current.escalation.rules[1]!.patterns).toHaveLength(2)
  })

  it('accepts the default rules', () => {
    expect(settingsFieldIssues(defaultSettings())).toEqual({})
  })

  it('says every refused line at once: too broad, not compiling, too short, runaway; a good line passes', () => {
    const lines = ['.*', '([a-z', 'ab', '(a+)+$', 'acme corp']
    const settings = withRules((rules) => (rules[1]!.patterns = lines))
    const issues = settingsFieldIssues(settings)
    expect(Object.keys(issues).sort()).toEqual(
      [0, 1, 2, 3].map((line) => `escalation.rules.1.patterns.${line}`)
    )
    expect(issues['escalation.rules.1.patterns.0']).toMatch(/matches an empty message/)
    expect(issues['escalation.rules.1.patterns.1']).toMatch(/unclosed/)
    expect(issues['escalation.rules.1.patterns.2']).toMatch(/too short/)
    // Saving says them all too.
    expect(() => applySettingsPatch(defaultSettings(), { escalation: settings.escalation })).toThrow(
      /patterns\.0 .*patterns\.1 .*patterns\.2 .*patterns\.3 /s
    )
  })
})
