/**
 * A JSON Lines file whose last append a kill cut short ends in part of a line (a large line is written in several
 * pieces, and SIGKILL can land between them). That part was never acknowledged: an append resolves only once its
 * whole line, newline included, is in the file. Readers stop before it; the file's owner cuts it off at open, so
 * its next append starts a line of its own instead of gluing onto the torn one.
 */
import { open, truncate } from 'node:fs/promises'

const CHUNK = 64 * 1024

/**
 * The length of the file up to and including its last newline, and its whole size; null when it does not exist.
 * A file whose end is not a newline but whose last line is complete JSON (written by hand) keeps that line.
 */
export async function completeLength(file: string): Promise<{ complete: number; size: number } | null> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const { size } = await handle.stat()
    const buffer = Buffer.alloc(CHUNK)
    let tail: Buffer[] = []
    // Backwards, a chunk at a time, to the last newline: the torn part is at most one line.
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - CHUNK)
      const { bytesRead } = await handle.read(buffer, 0, end - start, start)
      const chunk = buffer.subarray(0, bytesRead)
      const newline = chunk.lastIndexOf(0x0a)
      if (newline >= 0) {
        tail = [Buffer.from(chunk.subarray(newline + 1)), ...tail]
        return { complete: wholeJson(tail) ? size : start + newline + 1, size }
      }
      tail = [Buffer.from(chunk), ...tail]
      end = start
    }
    return { complete: wholeJson(tail) ? size : 0, size }
  } finally {
    await handle.close()
  }
}

/** Cuts off a torn last line, if the file has one (call only as the file's owner, before appending). */
export async function cutTornTail(file: string): Promise<void> {
  const length = await completeLength(file)
  if (length && length.complete < length.size) await truncate(file, length.complete)
}

function wholeJson(parts: Buffer[]): boolean {
  const text = Buffer.concat(parts).toString('utf8')
  if (text.trim() === '') return true
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
