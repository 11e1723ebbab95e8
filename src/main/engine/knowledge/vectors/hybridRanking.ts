/**
 * Orama's hybrid ranking (its `mergeAndRankResults`), computed for the best `limit` hits only.
 *
 * Orama scores each entry `text · BM25 / best BM25 + vector · cosine / best cosine`, where the vector matches are the
 * entries at or above the similarity threshold, then sorts every entry that matched either way. With 100k entries
 * of real text that is tens of thousands of entries to sort per query (hundreds of ms). The result is the same when
 * only the full-text matches and the `limit` best vector-only matches are ranked: any other vector-only entry scores
 * below each of those `limit` entries.
 */

/** Orama's default weights (`getQueryWeights`). */
export const defaultHybridWeights = { text: 0.5, vector: 0.5 }

export interface HybridInput {
  /** Every full-text match, `[internal id, BM25]`, already filtered. */
  text: Array<[number, number]>
  /** Cosine by internal id; NaN where the entry has no vector. */
  cosines: Float32Array
  /** The filter the full-text matches passed (statuses); applied to vector matches here. */
  filter?: { has(id: number): boolean } | undefined
  similarity: number
  weights: { text: number; vector: number }
  limit: number
}

/** The best `limit` hits, `[internal id, score]`, best first. */
export function rankHybrid(input: HybridInput): Array<[number, number]> {
  const { text, cosines, filter, similarity, weights, limit } = input
  const isMatch = (id: number): boolean => {
    const cosine = cosines[id]!
    return cosine >= similarity && (!filter || filter.has(id))
  }
  let bestCosine = -Infinity
  for (let id = 0; id < cosines.length; id++) {
    if (cosines[id]! > bestCosine && isMatch(id)) bestCosine = cosines[id]!
  }
  let bestText = -Infinity
  for (const [, score] of text) bestText = Math.max(bestText, score)
  const ranked = new Map<number, number>()
  for (const [id, score] of text) {
    const vector = id < cosines.length && isMatch(id) ? cosines[id]! / bestCosine : 0
    ranked.set(id, (score / bestText) * weights.text + vector * weights.vector)
  }
  // With a positive best cosine, a higher cosine is a higher score: the `limit` best vector-only entries suffice.
  const vectorOnly =
    bestCosine > 0
      ? best(cosines, limit, (id) => !ranked.has(id) && isMatch(id))
      : allOf(cosines, (id) => !ranked.has(id) && isMatch(id))
  for (const id of vectorOnly) ranked.set(id, (cosines[id]! / bestCosine) * weights.vector)
  return [...ranked].sort((a, b) => b[1] - a[1]).slice(0, limit)
}

function allOf(values: Float32Array, wanted: (id: number) => boolean): number[] {
  const ids: number[] = []
  for (let id = 0; id < values.length; id++) if (wanted(id)) ids.push(id)
  return ids
}

/** Ids of the `count` largest values that `wanted` lets through (a min-heap of size `count`). */
function best(values: Float32Array, count: number, wanted: (id: number) => boolean): number[] {
  const heap: number[] = []
  const less = (a: number, b: number): boolean => values[a]! < values[b]!
  const down = (at: number): void => {
    for (;;) {
      const left = at * 2 + 1
      const right = left + 1
      let smallest = at
      if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left
      if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right
      if (smallest === at) return
      ;[heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!]
      at = smallest
    }
  }
  for (let id = 0; id < values.length; id++) {
    if (count <= 0) break
    if (heap.length === count && !(values[id]! > values[heap[0]!]!)) continue
    if (!wanted(id)) continue
    if (heap.length < count) {
      heap.push(id)
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1
        if (!less(heap[at]!, heap[parent]!)) break
        ;[heap[at], heap[parent]] = [heap[parent]!, heap[at]!]
        at = parent
      }
    } else {
      heap[0] = id
      down(0)
    }
  }
  return heap
}
