/**
 * Terms saved under tokenizer version 2 (wordings learned before plurals met their singular) are carried over to
 * today's stems, so what was learned keeps matching what customers write now.
 */
import { describe, expect, it } from 'vitest'
import { currentStems, migrateTerms, stemV2 } from '../../../src/main/engine/text/stemMigration'
import { stem, TOKENIZER_VERSION } from '../../../src/main/engine/text/tokenize'

describe('carrying saved terms over to the current stemmer', () => {
  it('is needed: version 2 stemmed plurals apart, and today they meet', () => {
    expect(TOKENIZER_VERSION).toBe(3)
    expect([stemV2('cases'), stemV2('case'), stemV2('logs'), stemV2('log')]).toEqual([
      'cas',
      'case',
      'logs',
      'log'
    ])
    expect([stem('cases'), stem('case'), stem('logs'), stem('log')]).toEqual(['case', 'case', 'log', 'log'])
  })

  it.each([
    'cases',
    'casing',
    'files',
    'filed',
    'logs',
    'apis',
    'notes',
    'saved',
    'aliases',
    'alias',
    'trees'
  ])("gives the old stem of %s today's stem among its own", (word) => {
    expect(currentStems(stemV2(word), 2)).toContain(stem(word))
  })

  it('leaves terms no change touched alone, and touches nothing saved under the current version', () => {
    for (const word of ['charged', 'releases', 'statuses', 'replies', 'requests', 'sso', 'saml', 'api']) {
      expect(currentStems(stemV2(word), 2)).toEqual([stem(word)])
    }
    expect(currentStems('cas', 3)).toEqual(['cas'])
  })

  it("moves each term's weight to its current stems, summing where old terms meet", () => {
    const migrated = migrateTerms(
      [
        ['cas', 0.5],
        ['case', 0.25],
        ['logs', 0.4],
        ['charg', 0.1]
      ],
      2
    )
    expect(migrated.get('case')).toBeCloseTo(0.75)
    expect(migrated.get('log')).toBeCloseTo(0.4)
    expect(migrated.get('charg')).toBeCloseTo(0.1)
    expect(migrated.has('logs')).toBe(false)
  })
})
