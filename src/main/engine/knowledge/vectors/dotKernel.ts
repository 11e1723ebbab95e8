/**
 * The inner loop of vector search: the dot product of one int16 query with every int8 row of a matrix, as a tiny
 * WebAssembly module using 128-bit SIMD (`i32x4.dot_i16x8_s`), about ten times faster than the same loop in
 * JavaScript. Assembled here from its bytes (no toolchain needed); the JavaScript loop is kept as the fallback for a
 * runtime without WebAssembly SIMD, and as the reference the tests compare the module with.
 *
 * Layout in the memory the caller owns: rows of `stride` bytes (a multiple of 16, padded with zeros), the query as
 * `stride` int16 values, and one int32 result per row.
 */

/** Scores rows `[0, rows)`: `out[r] = Σ query[i] · matrix[r·stride + i]`. Offsets are byte offsets into memory. */
export type DotKernel = (
  matrixOffset: number,
  rows: number,
  stride: number,
  queryOffset: number,
  outOffset: number
) => void

// The function `scores(query, matrix, rows, blocks, out)`; locals: 5 blocks left, 6 query cursor, 7 sum, 8 row.
const SIMD = 0xfd
// prettier-ignore
const body = [
  // locals: 2 × i32, 2 × v128
  0x02, 0x02, 0x7f, 0x02, 0x7b,
  0x02, 0x40, // block
  0x20, 0x02, 0x45, 0x0d, 0x00, // rows == 0: done
  0x03, 0x40, // loop over rows
  SIMD, 0x0c, ...new Array<number>(16).fill(0), 0x21, 0x07, // sum = 0
  0x20, 0x00, 0x21, 0x06, // query cursor = query
  0x20, 0x03, 0x21, 0x05, // blocks left = blocks
  0x03, 0x40, // loop over 16-byte blocks of the row
  0x20, 0x01, SIMD, 0x00, 0x00, 0x00, 0x21, 0x08, // row = load matrix
  0x20, 0x07,
  0x20, 0x08, SIMD, 0x87, 0x01, // i16x8.extend_low_i8x16_s
  0x20, 0x06, SIMD, 0x00, 0x00, 0x00, // load query
  SIMD, 0xba, 0x01, // i32x4.dot_i16x8_s
  SIMD, 0xae, 0x01, // i32x4.add
  0x20, 0x08, SIMD, 0x88, 0x01, // i16x8.extend_high_i8x16_s
  0x20, 0x06, SIMD, 0x00, 0x00, 0x10, // load query + 16
  SIMD, 0xba, 0x01,
  SIMD, 0xae, 0x01,
  0x21, 0x07,
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, // matrix += 16
  0x20, 0x06, 0x41, 0x20, 0x6a, 0x21, 0x06, // query cursor += 32
  0x20, 0x05, 0x41, 0x01, 0x6b, 0x22, 0x05, 0x0d, 0x00, // while --blocks
  0x0b,
  0x20, 0x04, // out
  0x20, 0x07, SIMD, 0x1b, 0x00,
  0x20, 0x07, SIMD, 0x1b, 0x01, 0x6a,
  0x20, 0x07, SIMD, 0x1b, 0x02, 0x6a,
  0x20, 0x07, SIMD, 0x1b, 0x03, 0x6a,
  0x36, 0x02, 0x00, // i32.store
  0x20, 0x04, 0x41, 0x04, 0x6a, 0x21, 0x04, // out += 4
  0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00, // while --rows
  0x0b,
  0x0b,
  0x0b
]

const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content]
const name = (text: string): number[] => [text.length, ...Buffer.from(text, 'latin1')]

const moduleBytes = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
  ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
  ...section(3, [0x01, 0x00]),
  ...section(7, [0x01, ...name('scores'), 0x00, 0x00]),
  ...section(10, [0x01, ...leb(body.length), ...body])
])

function leb(value: number): number[] {
  const bytes: number[] = []
  do {
    let byte = value & 0x7f
    value >>>= 7
    if (value !== 0) byte |= 0x80
    bytes.push(byte)
  } while (value !== 0)
  return bytes
}

/** Whether this runtime runs the SIMD module (Node 16.4 and later do). */
export const simdAvailable: boolean = (() => {
  try {
    return WebAssembly.validate(moduleBytes)
  } catch {
    return false
  }
})()

/** The SIMD kernel over `memory`, or the JavaScript loop when `simd` is false or unavailable. */
export function dotKernel(memory: WebAssembly.Memory, simd = simdAvailable): DotKernel {
  if (simd && simdAvailable) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes), { env: { memory } })
    const scores = instance.exports['scores'] as (
      q: number,
      m: number,
      n: number,
      b: number,
      o: number
    ) => void
    return (matrix, rows, stride, query, out) => scores(query, matrix, rows, stride / 16, out)
  }
  return (matrix, rows, stride, query, out) => {
    const bytes = new Int8Array(memory.buffer)
    const q = new Int16Array(memory.buffer, query, stride)
    const results = new Int32Array(memory.buffer, out, rows)
    for (let r = 0, at = matrix; r < rows; r++, at += stride) {
      let sum = 0
      for (let i = 0; i < stride; i++) sum = (sum + bytes[at + i]! * q[i]!) | 0
      results[r] = sum
    }
  }
}
