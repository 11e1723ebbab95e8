/**
 * The vector part of a team's Orama index: one embedding per entry, quantised to int8 (a quarter of a Float32Array:
 * 38 MB for 100k entries of 384 dimensions), scanned in full on every search by a SIMD kernel (dotKernel.ts).
 *
 * It is what Orama's own vector index is (`orama.data.index.vectorIndexes[property].node`: `size`, `find`), so
 * Orama's `search(db, { mode: 'hybrid' })` runs its own hybrid search over it: KnowledgeIndex puts it there. Rows are
 * addressed by Orama's internal document id.
 *
 * Each row holds the unit vector scaled so that its largest component is ±127, and the factor back (`scales`); the
 * query is scaled the same way to int16. Cosine similarity is then `dot(query, row) · queryScale · rowScale`, within
 * about 0.005 of the exact value (exact for vectors whose components are whole numbers up to ±127).
 */
import { dotKernel, type DotKernel } from './dotKernel'

const page = 65536

export class QuantisedVectors {
  /** Bytes per row: the dimensions rounded up to a multiple of 16 (the kernel's block), zero-padded. */
  readonly stride: number
  private capacity = 0
  private readonly memory = new WebAssembly.Memory({ initial: 1 })
  private readonly kernel: DotKernel
  /** Per row: the factor from its int8 values back to its unit vector; 0 for a row with no vector. */
  private scales = new Float32Array(0)
  /** One past the highest row ever set. */
  private end = 0
  private stored = 0

  /**
   * @param size the dimensions (Orama reads `size` to check the query's length)
   * @param simd use the WebAssembly SIMD kernel when the runtime has it (default true)
   */
  constructor(
    readonly size: number,
    simd = true
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`vector dimensions must be a positive integer, not ${size}`)
    this.stride = Math.ceil(size / 16) * 16
    this.kernel = dotKernel(this.memory, simd)
  }

  /** Rows holding a vector. */
  get count(): number {
    return this.stored
  }

  has(id: number): boolean {
    return (this.scales[id] ?? 0) > 0
  }

  /** Orama's VectorIndex.add: quantises and stores the vector of internal id `id`. */
  add(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.size)
      throw new Error(`a vector of ${vector.length} dimensions, not ${this.size}`)
    let norm = 0
    let largest = 0
    for (let i = 0; i < this.size; i++) {
      const value = vector[i]!
      if (!Number.isFinite(value)) throw new Error(`vector component ${i} is not a finite number`)
      norm += value * value
      largest = Math.max(largest, Math.abs(value))
    }
    this.reserve(id)
    const row = this.row(id)
    row.fill(0)
    if (largest === 0) {
      // A zero vector is similar to nothing; kept as absent.
      this.setScale(id, 0)
      return
    }
    for (let i = 0; i < this.size; i++) row[i] = Math.round((vector[i]! / largest) * 127)
    this.setScale(id, largest / Math.sqrt(norm) / 127)
  }

  /** Stores an already quantised row (as `rows` gives it), e.g. read back from disk. */
  addQuantised(id: number, values: Int8Array, scale: number): void {
    if (values.length !== this.size) throw new Error(`a row of ${values.length} values, not ${this.size}`)
    this.reserve(id)
    const row = this.row(id)
    row.fill(0)
    row.set(values)
    this.setScale(id, scale > 0 && Number.isFinite(scale) ? scale : 0)
  }

  /** Orama's VectorIndex.remove. */
  remove(id: number): void {
    if (id < this.end) this.setScale(id, 0)
  }

  /** Every stored row: its id, its int8 values (a view, valid until the next change) and its scale. */
  *rows(): Generator<{ id: number; values: Int8Array; scale: number }> {
    for (let id = 0; id < this.end; id++) {
      const scale = this.scales[id]!
      if (scale > 0) yield { id, values: this.row(id).subarray(0, this.size), scale }
    }
  }

  /**
   * Orama's VectorIndex.find: `[id, cosine]` of every row at or above `similarity` that `filter` (Orama's where
   * filter) lets through, in row order (Orama sorts).
   */
  find(
    vector: ArrayLike<number>,
    similarity: number,
    filter?: { has(id: number): boolean }
  ): Array<[number, number]> {
    const cosines = this.cosines(vector)
    const found: Array<[number, number]> = []
    for (let id = 0; id < cosines.length; id++) {
      const cosine = cosines[id]!
      if (cosine >= similarity && (!filter || filter.has(id))) found.push([id, cosine])
    }
    return found
  }

  /** The cosine of every row with `vector`, by id; NaN for a row without a vector. */
  cosines(vector: ArrayLike<number>): Float32Array {
    if (vector.length !== this.size)
      throw new Error(`a query vector of ${vector.length} dimensions, not ${this.size}`)
    const cosines = new Float32Array(this.end).fill(NaN)
    let norm = 0
    let largest = 0
    for (let i = 0; i < this.size; i++) {
      norm += vector[i]! * vector[i]!
      largest = Math.max(largest, Math.abs(vector[i]!))
    }
    if (largest === 0 || this.stored === 0) return cosines
    // The int16 scale that keeps every sum within int32: |Σ q·r| <= stride · 127 · top.
    const top = Math.min(32767, Math.floor(0x7fffffff / (this.stride * 127)))
    const queryOffset = this.capacity * this.stride
    const outOffset = queryOffset + this.stride * 2
    const query = new Int16Array(this.memory.buffer, queryOffset, this.stride)
    query.fill(0)
    for (let i = 0; i < this.size; i++) query[i] = Math.round((vector[i]! / largest) * top)
    const queryScale = largest / Math.sqrt(norm) / top
    this.kernel(0, this.end, this.stride, queryOffset, outOffset)
    const sums = new Int32Array(this.memory.buffer, outOffset, this.end)
    for (let id = 0; id < this.end; id++) {
      const scale = this.scales[id]!
      if (scale > 0) cosines[id] = sums[id]! * scale * queryScale
    }
    return cosines
  }

  private row(id: number): Int8Array {
    return new Int8Array(this.memory.buffer, id * this.stride, this.stride)
  }

  private setScale(id: number, scale: number): void {
    const had = this.scales[id]! > 0
    this.scales[id] = scale
    this.stored += (scale > 0 ? 1 : 0) - (had ? 1 : 0)
    this.end = Math.max(this.end, id + 1)
  }

  /** Makes room for row `id`: rows stay at the start of memory; the query and results follow the last row. */
  private reserve(id: number): void {
    if (id < this.capacity) return
    const capacity = Math.max(id + 1, Math.ceil(this.capacity * 1.5), 1024)
    const bytes = capacity * this.stride + this.stride * 2 + capacity * 4
    const pages = Math.ceil(bytes / page)
    if (pages > this.memory.buffer.byteLength / page)
      this.memory.grow(pages - this.memory.buffer.byteLength / page)
    const scales = new Float32Array(capacity)
    scales.set(this.scales)
    this.scales = scales
    this.capacity = capacity
  }
}
