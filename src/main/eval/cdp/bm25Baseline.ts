/**
 * The plain baseline: BM25 (MiniSearch, an independent library) over the earlier cases of the same company,
 * always showing its top result. Queried when a case's last turn before the resolving reply arrives, over the
 * cases resolved by then: the same moment Vigil must speak.
 */
import MiniSearch from 'minisearch'
import type { CdpCase } from './twitterCdp'

export interface BaselineOutcome {
  shown: boolean
  hit: boolean
}

interface IndexedCase {
  id: number
  company: string
  docId: string
  text: string
}

export function runBm25Baseline(cases: readonly CdpCase[]): Map<number, BaselineOutcome> {
  const index = new MiniSearch<IndexedCase>({ fields: ['text'], storeFields: ['company', 'docId'] })
  const timeline = cases.flatMap((item) => [
    { time: Date.parse(item.turns.at(-1)!.time), order: 1, item },
    { time: Date.parse(item.resolution.time), order: 0, item }
  ])
  // At equal times a resolution is indexed before a query runs.
  timeline.sort((a, b) => a.time - b.time || a.order - b.order || a.item.index - b.item.index)
  const outcomes = new Map<number, BaselineOutcome>()
  for (const { order, item } of timeline) {
    const conversation = item.turns.map((turn) => turn.text).join('\n')
    if (order === 0) {
      index.add({ id: item.index, company: item.company, docId: item.docId, text: conversation })
      continue
    }
    const [top] = index.search(conversation, { filter: (result) => result['company'] === item.company })
    outcomes.set(item.index, { shown: top !== undefined, hit: top?.['docId'] === item.docId })
  }
  return outcomes
}
