/** Latency percentiles, nearest-rank: the value below which `p` percent of the samples lie, never interpolated. */

/** The `p`th percentile (0 < p ≤ 100) of `samples`; 0 when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}
