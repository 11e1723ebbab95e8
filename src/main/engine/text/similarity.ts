/** TF-IDF vectors and cosine similarity, used to judge how well knowledge matches a conversation (0..1). */
import { termFrequencies } from './tokenize'
import type { TermStatistics } from './termStatistics'

export type SparseVector = Map<string, number>

/** Builds a unit-length TF-IDF vector; `weight` scales a part before parts are added together. */
export function tfidfVector(
  parts: ReadonlyArray<{ tokens: readonly string[]; weight: number }>,
  stats: TermStatistics
): SparseVector {
  const vector: SparseVector = new Map()
  for (const part of parts) {
    for (const [term, count] of termFrequencies(part.tokens)) {
      const value = part.weight * (1 + Math.log(count)) * stats.idf(term)
      vector.set(term, (vector.get(term) ?? 0) + value)
    }
  }
  return normalize(vector)
}

export function normalize(vector: SparseVector): SparseVector {
  let norm = 0
  for (const value of vector.values()) norm += value * value
  norm = Math.sqrt(norm)
  if (norm === 0) return vector
  const unit: SparseVector = new Map()
  for (const [term, value] of vector) unit.set(term, value / norm)
  return unit
}

/** Cosine similarity of two unit vectors. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let dot = 0
  for (const [term, value] of small) {
    const other = large.get(term)
    if (other !== undefined) dot += value * other
  }
  return Math.max(0, Math.min(1, dot))
}

/** Cosine similarity of two dense vectors (model embeddings), -1..1. */
export function denseCosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0
  let normA = 0
  let normB = 0
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!
    const y = b[index] ?? 0
    dot += x * y
    normA += x * x
    normB += y * y
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0
}
