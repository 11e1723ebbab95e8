/**
 * The plain BM25 baseline, from an independent library: MiniSearch with its default settings (its own tokenizer,
 * no stemming, no stop words, BM25 k=1.2 b=0.7 d=0.5, OR of the query terms, no fuzzy or prefix matching) over each
 * issue's summary and description as one text field.
 */
import MiniSearch from 'minisearch'
import type { HadoopIssue } from './hadoopIssues'

export interface Bm25Baseline {
  /** Ids of the issues most similar to `issue`, best first, without the issue itself. */
  similar(issue: HadoopIssue): string[]
}

const textOf = (issue: HadoopIssue): string => `${issue.summary}\n${issue.description}`

export function buildBm25Baseline(issues: readonly HadoopIssue[]): Bm25Baseline {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] })
  index.addAll(issues.map((issue) => ({ id: issue.id, text: textOf(issue) })))
  return {
    similar(issue) {
      return index
        .search(textOf(issue))
        .map((result) => String(result.id))
        .filter((id) => id !== issue.id)
    }
  }
}
