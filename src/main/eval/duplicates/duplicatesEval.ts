/**
 * The duplicate-retrieval evaluation: for each pair of the pairs file, the pair's issue is the query and its
 * duplicate the one answer, searched among all other issues. One direction only (Issue id → Duplicate id), as the
 * pairs file states them. Vigil and the BM25 baseline see the same issues and the same pairs.
 */
import { rankMetrics, rankOf, type RankMetrics } from '../common/rankMetrics'
import { buildBm25Baseline } from './bm25Baseline'
import type { DuplicatePair, HadoopIssue } from './hadoopIssues'
import { openVigilSimilarCases } from './vigilSimilarCases'

export interface SystemResult extends RankMetrics {
  /** Pairs not measured (listed in DuplicatesEvalResult.skippedPairs). */
  skipped: number
}

export interface SkippedPair {
  line: number
  reason: string
}

export interface DuplicatesEvalResult extends SystemResult {
  baselines: { bm25: SystemResult }
  skippedPairs: SkippedPair[]
}

export interface DuplicatesEvalOptions {
  /** Full-text candidates Vigil re-scores per query (RetrievalQuery.candidates). Default 100. */
  candidates?: number
}

export async function evaluateDuplicates(
  issues: readonly HadoopIssue[],
  pairs: readonly DuplicatePair[],
  options: DuplicatesEvalOptions = {}
): Promise<DuplicatesEvalResult> {
  const byId = new Map(issues.map((issue) => [issue.id, issue]))
  const measured: Array<{ issue: HadoopIssue; duplicateId: string }> = []
  const skippedPairs: SkippedPair[] = []
  for (const pair of pairs) {
    const issue = byId.get(pair.issueId)
    const missing = [pair.issueId, pair.duplicateId].filter((id) => !byId.has(id))
    if (missing.length > 0) {
      skippedPairs.push({ line: pair.line, reason: `issue ${missing.join(' and ')} not among the issues` })
    } else if (pair.issueId === pair.duplicateId) {
      skippedPairs.push({ line: pair.line, reason: `issue ${pair.issueId} is paired with itself` })
    } else {
      measured.push({ issue: issue!, duplicateId: pair.duplicateId })
    }
  }
  const skipped = skippedPairs.length

  const vigil = await openVigilSimilarCases(issues, { candidates: options.candidates ?? 100 })
  const vigilRanks: Array<number | null> = []
  try {
    for (const { issue, duplicateId } of measured) {
      vigilRanks.push(rankOf(await vigil.similar(issue), duplicateId))
    }
  } finally {
    await vigil.dispose()
  }

  const bm25 = buildBm25Baseline(issues)
  const bm25Ranks = measured.map(({ issue, duplicateId }) => rankOf(bm25.similar(issue), duplicateId))

  return {
    ...rankMetrics(vigilRanks),
    skipped,
    baselines: { bm25: { ...rankMetrics(bm25Ranks), skipped } },
    skippedPairs
  }
}
