import { describe, expect, it } from 'vitest'
import type { Suggestion } from '../../../src/shared/domain'
import { scoreCard } from '../../../src/main/eval/cdp/vigilRun'
import type { CdpCase } from '../../../src/main/eval/cdp/twitterCdp'

const item = { docId: 'refund', url: 'https://support.example.com/articles/refunds' } as CdpCase
const docOfTicket = new Map([
  ['cdp-1', 'install'],
  ['cdp-2', 'refund'],
  ['cdp-3', 'refund'],
  ['cdp-4', 'install']
])

function card(text: string, ...sources: string[][]): Suggestion {
  return {
    text,
    confidence: 0.42,
    citations: sources.map((sourceTicketIds, position) => ({
      entryId: `e${position}`,
      title: 't',
      sourceTicketIds,
      score: 0.5
    }))
  } as Suggestion
}

describe("scoring one of Vigil's cards", () => {
  it('is a primary hit only when the first citation stands for the same article', () => {
    expect(scoreCard(card('Try this.', ['cdp-2'], ['cdp-1']), item, docOfTicket)).toEqual({
      score: 0.42,
      primaryHit: true,
      anyHit: true
    })
    expect(scoreCard(card('Try this.', ['cdp-1'], ['cdp-2']), item, docOfTicket)).toEqual({
      score: 0.42,
      primaryHit: false,
      anyHit: true
    })
  })

  it('judges a merged entry by the article most of its source cases had', () => {
    expect(scoreCard(card('x', ['cdp-1', 'cdp-2', 'cdp-4']), item, docOfTicket).primaryHit).toBe(false)
    expect(scoreCard(card('x', ['cdp-2', 'cdp-3', 'cdp-4']), item, docOfTicket).primaryHit).toBe(true)
  })

  it('counts a card whose text links the same article', () => {
    const linked = card('See https://support.example.com/articles/refunds', ['cdp-1'])
    expect(scoreCard(linked, item, docOfTicket)).toMatchObject({ primaryHit: true, anyHit: true })
  })
})
