/**
 * The int8 vector index behind hybrid search: the WebAssembly SIMD kernel scores exactly as the JavaScript loop does,
 * cosine stays within quantisation error of the exact value, and rows come and go by Orama's internal id.
 */
import { describe, expect, it } from 'vitest'
import { simdAvailable } from '../../../src/main/engine/knowledge/vectors/dotKernel'
import { QuantisedVectors } from '../../../src/main/engine/knowledge/vectors/quantisedVectors'
import { denseCosine as cosine } from './fixtures'

function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296 - 0.5
  }
}

describe('quantised vectors', () => {
  it('scores the same with the SIMD kernel and the JavaScript loop, close to the exact cosine', () => {
    expect(simdAvailable).toBe(true)
    for (const dimensions of [5, 16, 384, 700]) {
      const next = random(dimensions)
      const vectors = Array.from({ length: 300 }, () => Array.from({ length: dimensions }, next))
      const query = Array.from({ length: dimensions }, next)
      const simd = new QuantisedVectors(dimensions, true)
      const plain = new QuantisedVectors(dimensions, false)
      // Internal ids start at 1, as Orama's do; every tenth id stays empty.
      vectors.forEach((vector, i) => {
        if (i % 10 === 3) return
        simd.add(i + 1, vector)
        plain.add(i + 1, vector)
      })
      const found = simd.find(query, -1)
      expect(found).toEqual(plain.find(query, -1))
      expect(found).toHaveLength(270)
      for (const [id, value] of found)
        expect(Math.abs(value - cosine(vectors[id - 1]!, query))).toBeLessThan(0.01)
    }
  })

  it('applies the threshold and the filter, and forgets removed rows', () => {
    const vectors = new QuantisedVectors(3)
    vectors.add(1, [1, 0, 0])
    vectors.add(2, [0, 1, 0])
    vectors.add(3, [1, 1, 0])
    vectors.add(4, [0, 0, 0])
    expect(vectors.count).toBe(3)
    const ids = (found: Array<[number, number]>) => found.map(([id]) => id)
    expect(ids(vectors.find([1, 0, 0], 0.5))).toEqual([1, 3])
    expect(ids(vectors.find([1, 0, 0], 0.5, { has: (id) => id !== 1 }))).toEqual([3])
    vectors.remove(3)
    expect(ids(vectors.find([1, 0, 0], 0.5))).toEqual([1])
    expect(vectors.find([1, 0, 0], 0.5)[0]![1]).toBeCloseTo(1, 4)
    expect(() => vectors.find([1, 0], 0)).toThrow(/2 dimensions, not 3/)
  })

  it('keeps every row when it grows', () => {
    const vectors = new QuantisedVectors(8)
    for (let id = 1; id <= 5000; id++) vectors.add(id, [id % 7, 1, 0, 0, 0, 0, 0, (id % 3) - 1])
    expect(vectors.count).toBe(5000)
    const again = new QuantisedVectors(8)
    for (const row of vectors.rows()) again.addQuantised(row.id, row.values, row.scale)
    expect(again.find([1, 1, 0, 0, 0, 0, 0, 0], -1)).toEqual(vectors.find([1, 1, 0, 0, 0, 0, 0, 0], -1))
  })
})
