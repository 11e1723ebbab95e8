/**
 * The duplicate-retrieval evaluation: for each pair of the pairs file, the pair's issue is the query and its
 * duplicates the answers, searched among all other issues; the best-ranked duplicate counts (a row may name
 * several). One direction only (Issue id → Duplicate id), as the pairs file states them. Vigil and the BM25
 * baseline see the same issues and the same pairs.
 */
import { rankMetrics, rankOf, type RankMetrics } from '../common/rankMetrics'
import { buildBm25Baseline } from './bm25Baseline'
import type { DuplicatePairs, HadoopIssue } from './hadoopIssues'
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
  pairFile: DuplicatePairs,
  options: DuplicatesEvalOptions = {}
): Promise<DuplicatesEvalResult> {
  const byId = new Map(issues.map((issue) => [issue.id, issue]))
  const measured: Array<{ issue: HadoopIssue; duplicateIds: string[] }> = []
  const skippedPairs: SkippedPair[] = [...pairFile.skipped]
  for (const pair of pairFile.pairs) {
    const issue = byId.get(pair.issueId)
    // Duplicates absent from the issues cannot be found; the pair is measured on those present.
    const present = pair.duplicateIds.filter((id) => byId.has(id) && id !== pair.issueId)
    const missing = [pair.issueId, ...pair.duplicateIds].filter((id) => !byId.has(id))
    if (!issue || present.length === 0) {
      const reason =
        issue && missing.length === 0
          ? `issue ${pair.issueId} is paired with itself`
          : `issue ${missing.join(' and ')} not among the issues`
      skippedPairs.push({ line: pair.line, reason })
    } else {
      measured.push({ issue, duplicateIds: present })
    }
  }
  skippedPairs.sort((a, b) => a.line - b.line)
  const skipped = skippedPairs.length

  const vigil = await openVigilSimilarCases(issues, { candidates: options.candidates ?? 100 })
  const vigilRanks: Array<number | null> = []
  try {
    for (const { issue, duplicateIds } of measured) {
      vigilRanks.push(bestRank(await vigil.similar(issue), duplicateIds))
    }
  } finally {
    await vigil.dispose()
  }

  const bm25 = buildBm25Baseline(issues)
  const bm25Ranks = measured.map(({ issue, duplicateIds }) => bestRank(bm25.similar(issue), duplicateIds))

  return {
    ...rankMetrics(vigilRanks),
    skipped,
    baselines: { bm25: { ...rankMetrics(bm25Ranks), skipped } },
    skippedPairs
  }
}

/** The rank of the first of `answers` in `ranked` (1-based), or null when none is there. */
function bestRank(ranked: readonly string[], answers: readonly string[]): number | null {
  const ranks = answers.map((answer) => rankOf(ranked, answer)).filter((rank) => rank !== null)
  return ranks.length ? Math.min(...ranks) : null
}
