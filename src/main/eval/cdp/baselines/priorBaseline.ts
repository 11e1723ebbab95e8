/**
 * The base-rate baseline: whatever the conversation says, show the company's most frequent articles among the cases
 * resolved so far (ties: the most recently used first). Scored on the first it is `prior`, on any of three
 * `priorTop3`. Its score is the top article's share of the company's resolved cases, shrunk towards zero for
 * companies with few cases (count / (cases + 1)), so that "3 of 3" ranks below "30 of 40".
 */
import type { CdpCase } from '../twitterCdp'
import type { BaselineCard, BaselineStrategy } from './timeline'

interface Usage {
  count: number
  lastUsed: number
}

export function priorStrategy(citations = 3): BaselineStrategy {
  const byCompany = new Map<string, Map<string, Usage>>()
  let clock = 0
  return {
    learn(item: CdpCase): void {
      const docs = byCompany.get(item.company) ?? new Map<string, Usage>()
      const usage = docs.get(item.docId) ?? { count: 0, lastUsed: 0 }
      docs.set(item.docId, { count: usage.count + 1, lastUsed: ++clock })
      byCompany.set(item.company, docs)
    },
    suggest(item: CdpCase): BaselineCard | null {
      const docs = byCompany.get(item.company)
      if (!docs || docs.size === 0) return null
      const ranked = [...docs].sort((a, b) => b[1].count - a[1].count || b[1].lastUsed - a[1].lastUsed)
      const total = [...docs.values()].reduce((sum, usage) => sum + usage.count, 0)
      return {
        score: ranked[0]![1].count / (total + 1),
        docIds: ranked.slice(0, citations).map(([docId]) => docId)
      }
    }
  }
}
