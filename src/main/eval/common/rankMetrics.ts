/** Ranking metrics over a set of queries, each with one expected answer found at some rank (or not at all). */

export interface RankMetrics {
  /** Queries measured. */
  pairs: number
  /** Share of queries whose answer is first, 0..1. */
  hitAt1: number
  /** Share of queries whose answer is in the top 5, 0..1. */
  hitAt5: number
  /** Share of queries whose answer is in the top 10, 0..1. */
  hitAt10: number
  /** Mean reciprocal rank, 0..1: 1/rank of the answer, 0 where it was not returned. */
  mrr: number
}

/** Metrics from the 1-based rank of each query's answer, null where the answer was not returned. */
export function rankMetrics(ranks: ReadonlyArray<number | null>): RankMetrics {
  const share = (count: number): number => (ranks.length === 0 ? 0 : count / ranks.length)
  const within = (k: number): number => share(ranks.filter((rank) => rank !== null && rank <= k).length)
  return {
    pairs: ranks.length,
    hitAt1: within(1),
    hitAt5: within(5),
    hitAt10: within(10),
    mrr: share(ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0))
  }
}

/** 1-based rank of `expected` in `ranked`, or null when it is absent. */
export function rankOf<T>(ranked: readonly T[], expected: T): number | null {
  const position = ranked.indexOf(expected)
  return position < 0 ? null : position + 1
}
