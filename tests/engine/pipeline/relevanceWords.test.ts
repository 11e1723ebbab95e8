import { describe, expect, it } from 'vitest'
import { relevanceOf } from '../../../src/main/engine/pipeline/relevance'
import type { RetrievedEntry } from '../../../src/main/engine/retrieval/retriever'
import { stem } from '../../../src/main/engine/text/tokenize'
import { entry } from '../../helpers/knowledgeFixtures'

const totp = entry({
  id: 'kb-totp',
  title: 'Two-factor code is always rejected',
  problem:
    'After my password Nimbus asks for the 6-digit code from Google Authenticator; I tried ten times, an hour ago.',
  sourceTicketIds: ['OLD-1']
})

const result = (terms: string[]): RetrievedEntry => ({
  entry: totp,
  similarity: 0.3,
  rank: 0.3,
  share: 0,
  teamCases: 3,
  problemTerms: terms.map((word) => stem(word))
})

describe("a card's reason names only words that say something", () => {
  it('leaves out bare numbers and everyday words, and names the distinctive ones', () => {
    const reason = relevanceOf(result(['6', 'ago', 'tried', 'authenticator', 'codes', 'google']), null, [])
    expect(reason).toBe(
      'matches the symptom ("authenticator", "code", "google"); from one earlier case (OLD-1)'
    )
  })

  it('says it matches the wording when no matched word is distinctive', () => {
    const reason = relevanceOf(result(['6', 'ago', 'anymore', 'address']), null, [])
    expect(reason).toMatch(/^matches the wording of the case;/)
  })
})
