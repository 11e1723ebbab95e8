import { describe, expect, it } from 'vitest'
import { stem, tokenize } from '../../../src/main/engine/text/tokenize'

describe('stem', () => {
  it.each([
    [['charge', 'charged', 'charges', 'charging'], 'charg'],
    [['release', 'released', 'releases', 'releasing'], 'releas'],
    [['batch', 'batches'], 'batch'],
    [['status', 'statuses'], 'status'],
    [['reply', 'replies', 'replied'], 'reply'],
    [['configure', 'configured', 'configuration'], 'configur'],
    [['issue', 'issues', 'issued'], 'issu']
  ])('%j all stem to %s', (words, expected) => {
    expect(words.map((word) => stem(word))).toEqual(words.map(() => expected))
  })

  it('keeps short words, words with digits and non-plurals ending in s as they are', () => {
    expect(['logs', 'v2', 'access', 'analysis', 'note'].map((word) => stem(word))).toEqual([
      'logs',
      'v2',
      'access',
      'analysis',
      'note'
    ])
  })

  it('makes a question and an entry meet on inflections: "the double charge" and "Charged twice"', () => {
    const entry = new Set(tokenize('Charged twice for the plan upgrade'))
    expect(tokenize('a refund for the double charge').filter((token) => entry.has(token))).toEqual(['charg'])
  })
})
