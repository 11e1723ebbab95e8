/**
 * The plain retrieval baseline: BM25 (MiniSearch with Vigil's tokenizer, stop words and stemming; see
 * `common/bm25Index.ts`) over the earlier resolved cases of the same company. Its card cites the top three cases' articles: scored on the first it is
 * `bm25` (top-1), on any of the three `bm25Top3`. Its score is the top result's BM25 score.
 */
import { vigilTokenizedMiniSearch } from '../../common/bm25Index'
import type { CdpCase } from '../twitterCdp'
import type { BaselineCard, BaselineStrategy } from './timeline'

interface IndexedCase {
  id: string
  company: string
  docId: string
  text: string
}

export function bm25Strategy(citations = 3): BaselineStrategy {
  const index = vigilTokenizedMiniSearch<IndexedCase>({ fields: ['text'], storeFields: ['company', 'docId'] })
  let added = 0
  return {
    learn(item: CdpCase): void {
      // Warm and scored files may reuse positions, so each learned case gets its own id.
      const text = item.turns.map((turn) => turn.text).join('\n')
      index.add({ id: String(added++), company: item.company, docId: item.docId, text })
    },
    suggest(item: CdpCase, conversation: string): BaselineCard | null {
      const results = index
        .search(conversation, { filter: (result) => result['company'] === item.company })
        .slice(0, citations)
      if (results.length === 0) return null
      return { score: results[0]!.score, docIds: results.map((result) => String(result['docId'])) }
    }
  }
}
