/**
 * The plain BM25 baseline: MiniSearch with Vigil's tokenizer, stop words and stemming (see `common/bm25Index.ts`)
 * over each issue's summary and description as one text field.
 */
import { vigilTokenizedMiniSearch } from '../common/bm25Index'
import type { HadoopIssue } from './hadoopIssues'

export interface Bm25Baseline {
  /** Ids of the issues most similar to `issue`, best first, without the issue itself. */
  similar(issue: HadoopIssue): string[]
}

const textOf = (issue: HadoopIssue): string => `${issue.summary}\n${issue.description}`

export function buildBm25Baseline(issues: readonly HadoopIssue[]): Bm25Baseline {
  const index = vigilTokenizedMiniSearch<{ id: string; text: string }>({ fields: ['text'] })
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
