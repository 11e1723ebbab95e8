import { describe, expect, it } from 'vitest'
import { runSelfCheck } from '../../../src/main/engine/trust/selfCheck'
import { competentModel } from '../../helpers/competentModel'
import { json, scriptedModel } from '../../helpers/scriptedModel'

/** What the bundled 260K story model answers, schema-valid but confused. */
const confusedScript = {
  scope: () => json({ needsHelp: false, kind: 'other', analystHandling: false, reason: "It's a shark." }),
  answer: () =>
    json({ answerable: false, citedEntryIds: [], answer: '', confidence: 0, reason: "It's a shark." }),
  extract: () => json({ learnable: false, title: 'shark', problem: 'shark', resolution: [] })
}

describe('runSelfCheck', () => {
  it('passes a competent model on every known case, through the real stage prompts', async () => {
    const model = competentModel()
    const result = await runSelfCheck(model.runtime)
    expect(result.checks.map((check) => [check.name, check.passed])).toEqual([
      ['A customer question needs help', true],
      ['Thanks alone needs no help', true],
      ['The matching entry answers the case', true],
      ['The resolution of a solved case is extracted', true]
    ])
    expect(result.passed).toBe(true)
    expect(model.stages()).toEqual(['scope', 'scope', 'answer', 'extract'])
  })

  it('fails a model that says "no help needed", "not answerable" and "nothing to learn"', async () => {
    const result = await runSelfCheck(scriptedModel(confusedScript).runtime)
    expect(result.passed).toBe(false)
    expect(result.checks.filter((check) => !check.passed).map((check) => check.name)).toEqual([
      'A customer question needs help',
      'The matching entry answers the case',
      'The resolution of a solved case is extracted'
    ])
    expect(result.checks[0]!.detail).toContain("It's a shark.")
  })

  it('fails a model that helps on everything, cites the wrong entry, or learns the wrong thing', async () => {
    const eager = competentModel({
      scope: () => json({ needsHelp: true, kind: 'problem', analystHandling: false, reason: 'always' }),
      answer: () =>
        json({
          answerable: true,
          citedEntryIds: ['kb-billing-address'],
          answer: 'Edit the address.',
          confidence: 1,
          reason: ''
        }),
      extract: () =>
        json({ learnable: true, title: 'Billing', problem: 'Address', resolution: ['Edit the address.'] })
    })
    const result = await runSelfCheck(eager.runtime)
    expect(result.checks.map((check) => check.passed)).toEqual([true, false, false, false])
  })

  it('counts a failing call as a failed case with its error, and goes on with the others', async () => {
    const broken = competentModel({ answer: () => 'not json at all' })
    const result = await runSelfCheck(broken.runtime)
    expect(result.passed).toBe(false)
    expect(result.checks[2]).toMatchObject({
      passed: false,
      detail: expect.stringContaining('LLM_INVALID_OUTPUT')
    })
    expect(result.checks[3]!.passed).toBe(true)
  })
})
