import { describe, expect, it } from 'vitest'
import { bm25Strategy } from '../../../src/main/eval/cdp/baselines/bm25Baseline'
import { priorStrategy } from '../../../src/main/eval/cdp/baselines/priorBaseline'
import { runBaseline } from '../../../src/main/eval/cdp/baselines/timeline'
import type { CdpCase } from '../../../src/main/eval/cdp/twitterCdp'

let hour = 0
function makeCase(company: string, text: string, docId: string, more: string[] = []): CdpCase {
  const start = Date.parse('2020-01-01T00:00:00Z') + (hour += 2) * 3_600_000
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString()
  return {
    index: hour,
    sessionId: `s${hour}`,
    company,
    docId,
    url: `https://example.com/${docId}`,
    turns: [text, ...more].map((turn, position) => ({
      role: 'customer' as const,
      author: 'someone',
      text: turn,
      time: at(position)
    })),
    resolution: { role: 'analyst', author: company, text: 'see the article', time: at(30) }
  }
}

describe('baselines', () => {
  it('BM25 cites the top three earlier cases of the same company; top-1 scores the first', () => {
    hour = 0
    const cases = [
      makeCase('Acme', 'printer jams on every page', 'paper'),
      makeCase('Acme', 'printer jams and shows an error light', 'paper'),
      makeCase('Acme', 'refund for a double charge', 'refund'),
      makeCase('Other', 'printer jams on every page', 'elsewhere'),
      makeCase('Acme', 'refund please, charged twice, printer fine', 'refund')
    ]
    const outcomes = runBaseline(cases, [], bm25Strategy())
    // The first case of each company has nothing earlier to cite.
    expect(outcomes.get(cases[0]!.index)!.cards).toEqual([])
    expect(outcomes.get(cases[3]!.index)!.cards).toEqual([])
    expect(outcomes.get(cases[1]!.index)!.cards).toEqual([
      { score: expect.any(Number), primaryHit: true, anyHit: true }
    ])
    expect(outcomes.get(cases[4]!.index)!.cards[0]).toMatchObject({ primaryHit: true, anyHit: true })
  })

  it('prior shows the most frequent article so far; top-3 counts the next two too', () => {
    hour = 0
    const cases = [
      makeCase('Acme', 'one', 'a'),
      makeCase('Acme', 'two', 'a'),
      makeCase('Acme', 'three', 'b'),
      makeCase('Acme', 'four', 'b', ['and a second message']),
      makeCase('Acme', 'five', 'c')
    ]
    const outcomes = runBaseline(cases, [], priorStrategy())
    expect(outcomes.get(cases[1]!.index)!.cards).toEqual([{ score: 0.5, primaryHit: true, anyHit: true }])
    expect(outcomes.get(cases[2]!.index)!.cards).toEqual([{ score: 2 / 3, primaryHit: false, anyHit: false }])
    // One card per customer message: two messages, two chances (a: 2, b: 1 so far).
    expect(outcomes.get(cases[3]!.index)!.cards).toHaveLength(2)
    expect(outcomes.get(cases[3]!.index)!.cards[0]).toMatchObject({ primaryHit: false, anyHit: true })
    // a: 2, b: 2 (b used last): b first, then a; c never seen.
    expect(outcomes.get(cases[4]!.index)!.cards[0]).toMatchObject({ primaryHit: false, anyHit: false })
  })

  it('learns warm cases before every scored case', () => {
    hour = 0
    const warm = [makeCase('Acme', 'printer jams on every page', 'paper')]
    const scored = [makeCase('Acme', 'the printer jams on each page', 'paper')]
    for (const strategy of [bm25Strategy(), priorStrategy()]) {
      expect(runBaseline(scored, warm, strategy).get(scored[0]!.index)!.cards[0]).toMatchObject({
        primaryHit: true
      })
    }
    expect(runBaseline(scored, [], bm25Strategy()).get(scored[0]!.index)!.cards).toEqual([])
  })
})
