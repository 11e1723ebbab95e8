import { describe, expect, it } from 'vitest'
import { customerFigures, generaliseStep } from '../../../src/main/engine/learning/generalise'

describe("a customer's figures", () => {
  it('are counts and sizes, never the parts of a time of day', () => {
    const figures = customerFigures(
      'We got an e-mail about a sign-in from Lagos at 03:12 last night; 25,112 contacts and 40k records.'
    )
    expect([...figures].sort()).toEqual(['25,112', '40k'])
  })

  it('do not drop a step that says when to look ("from 03:00"), and still drop arithmetic on their counts', () => {
    const figures = customerFigures('A sign-in at 03:12 last night. We have 25,112 contacts.')
    const audit =
      'In Admin > Audit log, filter on the owner from 03:00 until the new password and check what was changed.'
    expect(generaliseStep(audit, new Map(), figures)).toBe(audit)
    expect(generaliseStep('25,112 contacts is about 50 requests.', new Map(), figures)).toBeNull()
  })
})
