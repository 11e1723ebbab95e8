import { describe, expect, it } from 'vitest'
import { directAnswer, questionKind } from '../../../src/main/engine/assist/directAnswer'
import { checkQuestion } from '../../../src/main/engine/assist/question'
import { entry } from '../../helpers/knowledgeFixtures'

const rateLimits = entry({
  id: 'kb-429',
  title: 'Nightly sync job failing with HTTP 429',
  resolution: [
    'Each API token is limited to 600 requests per minute, with short bursts up to 100 in 10 seconds.',
    'Switch to the bulk endpoint, POST /v2/records/bulk, which accepts up to 500 records per call.',
    'When you get a 429, wait for the Retry-After header before retrying, with exponential backoff.'
  ]
})

describe('questionKind', () => {
  it.each([
    ['How many requests per minute are allowed?', 'amount'],
    ['What is the maximum batch size for bulk?', 'amount'],
    ['How long is a reset link valid?', 'duration'],
    ['How do I refund a customer who was charged twice?', 'how-to'],
    ['signature check failed', 'how-to'],
    ['Which KMS actions does the role need?', 'fact'],
    ['Can the customer get a refund for the double charge?', 'how-to'],
    ['When will the hold be released?', 'duration']
  ])('%s -> %s', (question, kind) => {
    expect(questionKind(question)).toBe(kind)
  })
})

describe('directAnswer', () => {
  it('gives the sentence with the figure next to the word asked about', () => {
    const answer = directAnswer(checkQuestion('How many records can one bulk call take?'), rateLimits)
    expect(answer.says).toEqual([
      'Switch to the bulk endpoint, POST /v2/records/bulk, which accepts up to 500 records per call.'
    ])
  })

  it('says what is missing when no figure goes with the word asked about (a 429 is no count of retries)', () => {
    const answer = directAnswer(checkQuestion('How many retries should the client make?'), rateLimits)
    expect(answer).toMatchObject({ says: [], missing: 'how many retries', topic: 'retries' })
    expect(answer.related).toMatch(/^When you get a 429/)
  })

  it('gives the limit for "the maximum batch size", whatever the entry counts it in', () => {
    const answer = directAnswer(checkQuestion('What is the maximum batch size for bulk?'), rateLimits)
    expect(answer.says).toEqual([
      'Switch to the bulk endpoint, POST /v2/records/bulk, which accepts up to 500 records per call.'
    ])
  })

  it('names the figure asked for in its own words when the entry does not give it', () => {
    const answer = directAnswer(checkQuestion('What is the maximum payload size for webhooks?'), rateLimits)
    expect(answer).toMatchObject({ says: [], missing: 'the maximum payload size' })
  })

  it('leaves a question about what to do to the entry fix', () => {
    expect(directAnswer(checkQuestion('How do I fix the 429 errors?'), rateLimits)).toEqual({
      kind: 'how-to',
      says: []
    })
  })
})

describe('checkQuestion', () => {
  it('matches on what the question is about, not on how it is asked', () => {
    expect(checkQuestion('How many retries, either way?').subjectTokens).toEqual(['retry'])
  })
})
