/**
 * Reads a JSON Lines file line by line, in fixed-size chunks, so a file of any size never becomes one string
 * (V8 caps strings at about 512 MiB, which is what breaks whole-database serialisation).
 */
import { open } from 'node:fs/promises'

export interface FileLine {
  /** 1-based, as a person counts lines in an editor. */
  number: number
  text: string
  /** Byte offset of the first byte of the line. */
  start: number
  /** Byte offset just past the line and its newline. */
  end: number
  /** False only for a last line that has no trailing newline. */
  terminated: boolean
  /** False when the bytes are not valid UTF-8 (then `text` is empty). */
  validUtf8: boolean
}

const chunkSize = 1 << 20
const newline = 0x0a
const decoder = new TextDecoder('utf-8', { fatal: true })

function decode(bytes: Buffer): { text: string; validUtf8: boolean } {
  try {
    return { text: decoder.decode(bytes), validUtf8: true }
  } catch {
    return { text: '', validUtf8: false }
  }
}

export async function* readLines(path: string): AsyncGenerator<FileLine> {
  const handle = await open(path, 'r')
  try {
    let carry: Buffer = Buffer.alloc(0)
    let carryStart = 0
    let number = 0
    const chunk = Buffer.allocUnsafe(chunkSize)
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, null)
      if (bytesRead === 0) break
      const data: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk
      const end = carry.length > 0 ? data.length : bytesRead
      let lineStart = 0
      for (let at = data.indexOf(newline, 0); at !== -1 && at < end; at = data.indexOf(newline, lineStart)) {
        number += 1
        yield {
          number,
          start: carryStart + lineStart,
          end: carryStart + at + 1,
          terminated: true,
          ...decode(data.subarray(lineStart, at))
        }
        lineStart = at + 1
      }
      // Copy: `chunk` is reused by the next read.
      carry = Buffer.from(data.subarray(lineStart, end))
      carryStart += lineStart
    }
    if (carry.length > 0) {
      yield {
        number: number + 1,
        start: carryStart,
        end: carryStart + carry.length,
        terminated: false,
        ...decode(carry)
      }
    }
  } finally {
    await handle.close()
  }
}
