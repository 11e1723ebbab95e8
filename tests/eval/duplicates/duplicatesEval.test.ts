import { describe, expect, it } from 'vitest'
import { KnowledgeEntry } from '../../../src/shared/domain'
import { tokenizer } from '@orama/orama/components'
import { rankMetrics, rankOf } from '../../../src/main/eval/common/rankMetrics'
import { evaluateDuplicates } from '../../../src/main/eval/duplicates/duplicatesEval'
import {
  TOKENLESS_TEXT,
  issueEntry,
  openVigilSimilarCases
} from '../../../src/main/eval/duplicates/vigilSimilarCases'
import { buildBm25Baseline } from '../../../src/main/eval/duplicates/bm25Baseline'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { ISSUES, PAIRS } from './issuesFixture'

describe('rankMetrics', () => {
  it('computes hit@k and MRR from ranks, a missing answer counting as a miss', () => {
    const metrics = rankMetrics([1, 3, null, 7, 12])
    expect(metrics).toMatchObject({ pairs: 5, hitAt1: 0.2, hitAt5: 0.4, hitAt10: 0.6 })
    expect(metrics.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 7 + 1 / 12) / 5, 10)
  })

  it('is all zeros for no queries', () => {
    expect(rankMetrics([])).toEqual({ pairs: 0, hitAt1: 0, hitAt5: 0, hitAt10: 0, mrr: 0 })
  })

  it('finds the 1-based rank of an answer', () => {
    expect(rankOf(['a', 'b', 'c'], 'c')).toBe(3)
    expect(rankOf(['a'], 'z')).toBeNull()
  })
})

describe('issue entries', () => {
  it('are valid knowledge entries whose placeholder resolution adds no token to either index', () => {
    const entry = issueEntry(ISSUES[8]!)
    expect(KnowledgeEntry.parse(entry)).toEqual(entry)
    expect(entry.problem).toBe(entry.title)
    expect(tokenize(TOKENLESS_TEXT)).toEqual([])
    const orama = tokenizer.createTokenizer({ language: 'english', stemming: true })
    expect(orama.tokenize(TOKENLESS_TEXT)).toEqual([])
  })
})

describe('similar cases', () => {
  it('Vigil finds each duplicate first and never returns the query issue', async () => {
    const vigil = await openVigilSimilarCases(ISSUES)
    try {
      for (const pair of PAIRS.pairs.slice(0, 3)) {
        const issue = ISSUES.find((item) => item.id === pair.issueId)!
        const similar = await vigil.similar(issue)
        expect(similar[0]).toBe(pair.duplicateIds[0])
        expect(similar).not.toContain(issue.id)
      }
      // Each query issue is withdrawn only while it is the query: issue 2 is found again afterwards.
      expect((await vigil.similar(ISSUES[0]!))[0]).toBe('2')
    } finally {
      await vigil.dispose()
    }
  })

  it('withdraws the query issue from the knowledge, so words only it has do not crowd out the rest', async () => {
    // Twenty words found in no other issue: were the query issue still indexed, they would be the rarest terms and
    // fill the full-text query, leaving the duplicate's shared words out.
    const own = Array.from({ length: 20 }, (_, index) => `zqx${String.fromCharCode(97 + index)}word`).join(
      ' '
    )
    const query = {
      id: '50',
      summary: 'Balancer hangs on federated clusters',
      description: own,
      resolution: ''
    }
    const duplicate = {
      id: '51',
      summary: 'Balancer hangs with federated clusters',
      description: '',
      resolution: ''
    }
    const vigil = await openVigilSimilarCases([...ISSUES, query, duplicate])
    try {
      expect(await vigil.similar(query)).toEqual(['51'])
    } finally {
      await vigil.dispose()
    }
  })

  it('the BM25 baseline never returns the query issue', () => {
    const bm25 = buildBm25Baseline(ISSUES)
    for (const issue of ISSUES) expect(bm25.similar(issue)).not.toContain(issue.id)
  })

  it('the BM25 baseline splits words as Vigil does: the same stop words and stemming', () => {
    const bm25 = buildBm25Baseline([
      ...ISSUES,
      { id: '40', summary: 'Renewals failing', description: '', resolution: '' }
    ])
    // "renewal"/"renewals" and "fails"/"failing" meet only through Vigil's stemmer.
    const query = { id: '41', summary: 'renewal fails', description: '', resolution: '' }
    expect(bm25.similar(query)[0]).toBe('40')
    // Only stop words: nothing to search by, as for Vigil.
    expect(bm25.similar({ id: '42', summary: 'the and of it', description: '', resolution: '' })).toEqual([])
  })
})

describe('evaluateDuplicates', () => {
  it('measures the pairs with both issues present and counts the rest as skipped', async () => {
    const result = await evaluateDuplicates(ISSUES, PAIRS)
    expect(result).toMatchObject({ pairs: 3, skipped: 1, hitAt1: 1, hitAt5: 1, hitAt10: 1, mrr: 1 })
    expect(result.baselines.bm25).toMatchObject({ pairs: 3, skipped: 1 })
    expect(result.skippedPairs).toEqual([{ line: 5, reason: 'issue 99 not among the issues' }])
  })

  it('counts a pair naming several duplicates as found when any of them is', async () => {
    // Issue 1 is not a duplicate of 4; 3 is, ranked first: the pair counts at rank 1.
    const result = await evaluateDuplicates(ISSUES, {
      pairs: [{ line: 2, issueId: '4', duplicateIds: ['1', '3'] }],
      skipped: [{ line: 3, reason: 'empty Duplicate id' }]
    })
    expect(result).toMatchObject({ pairs: 1, skipped: 1, hitAt1: 1, mrr: 1 })
    expect(result.baselines.bm25).toMatchObject({ pairs: 1, hitAt1: 1 })
    expect(result.skippedPairs).toEqual([{ line: 3, reason: 'empty Duplicate id' }])
    // Duplicates absent from the issues are left out; the pair is measured on those present.
    const partlyKnown = await evaluateDuplicates(ISSUES, {
      pairs: [{ line: 2, issueId: '4', duplicateIds: ['77', '3'] }],
      skipped: []
    })
    expect(partlyKnown).toMatchObject({ pairs: 1, skipped: 0, hitAt1: 1 })
  })

  it('gives the same result on every run', async () => {
    const first = await evaluateDuplicates(ISSUES, PAIRS)
    expect(await evaluateDuplicates(ISSUES, PAIRS)).toEqual(first)
  })
})
