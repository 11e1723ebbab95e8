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
    [['issue', 'issues', 'issued'], 'issu'],
    // Plurals meet their singular, short words too.
    [['case', 'cases', 'cased', 'casing'], 'case'],
    [['file', 'files', 'filed', 'filing'], 'file'],
    [['code', 'codes', 'coded', 'coding'], 'code'],
    [['note', 'notes', 'noted'], 'note'],
    [['log', 'logs', 'logged', 'logging'], 'log'],
    [['api', 'apis'], 'api'],
    [['box', 'boxes'], 'box'],
    [['class', 'classes'], 'class'],
    [['size', 'sizes'], 'size'],
    [['alias', 'aliases'], 'alias']
  ])('%j all stem to %s', (words, expected) => {
    expect(words.map((word) => stem(word))).toEqual(words.map(() => expected))
  })

  it('keeps short words, words with digits and non-plurals ending in s as they are', () => {
    const words = ['not', 'v2', 's3', 'access', 'analysis', 'note', 'news', 'plus', 'less', 'this', 'status']
    expect(words.map((word) => stem(word))).toEqual(words)
  })

  it('makes a conversation and an entry meet on a plural: "the cases" and "this case", "log files" and "the file"', () => {
    const entry = new Set(tokenize('Export case stuck: the log file is empty'))
    expect(tokenize('Both cases show empty logs in the files').filter((token) => entry.has(token))).toEqual([
      'case',
      'empty',
      'log',
      'file'
    ])
    // "notes" is not "not": a plural no longer meets another word.
    expect(tokenize('release notes')).not.toContain('not')
  })

  it('makes a question and an entry meet on inflections: "the double charge" and "Charged twice"', () => {
    const entry = new Set(tokenize('Charged twice for the plan upgrade'))
    expect(tokenize('a refund for the double charge').filter((token) => entry.has(token))).toEqual(['charg'])
  })
})
