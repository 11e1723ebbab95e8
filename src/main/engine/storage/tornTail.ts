/**
 * An append cut short by a crash leaves an unfinished last line. It was never acknowledged to anyone, so nothing
 * stored lives in it; but appending after it would glue the next record onto the fragment and corrupt the file in
 * the middle. So the fragment is copied beside the file (`<file>.torn-<time>`, fsync'd) and only then cut off.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, ftruncateSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export interface TornRecord {
  file: string
  /** 1-based line of the fragment; null when only the tail was inspected. */
  line: number | null
  /** Where the fragment's bytes were kept. */
  keptAt: string
  bytes: number
}

/** The status line a person sees, once. */
export function describeTorn(torn: TornRecord): string {
  const where = torn.line === null ? torn.file : `${torn.file} line ${torn.line}`
  return `${where}: an unfinished last record (${torn.bytes} bytes, a write cut short) was moved to ${torn.keptAt}; every record before it is intact`
}

/** Makes a newly created file (or a rename) in `dir` survive power loss. Not supported on Windows. */
export function syncDirectorySync(dir: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Copies the bytes of `file` from `start` to its end aside, then truncates `file` to `start`. */
export function moveTailAside(file: string, start: number, line: number | null): TornRecord {
  const fd = openSync(file, 'r+')
  try {
    const size = fstatSync(fd).size
    const bytes = Buffer.alloc(size - start)
    readSync(fd, bytes, 0, bytes.length, start)
    const keptAt = `${file}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`
    const side = openSync(keptAt, 'wx')
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(side, bytes, written)
      fsyncSync(side)
    } finally {
      closeSync(side)
    }
    syncDirectorySync(dirname(file))
    ftruncateSync(fd, start)
    fsyncSync(fd)
    return { file, line, keptAt, bytes: bytes.length }
  } finally {
    closeSync(fd)
  }
}

/**
 * Inspects the end of an open file. Returns where its last line starts when that line has no newline
 * (`complete`: it parses as JSON, so only the newline is missing), or null when the file ends cleanly.
 */
export function unterminatedTail(fd: number): { start: number; complete: boolean } | null {
  const size = fstatSync(fd).size
  if (size === 0) return null
  const last = Buffer.alloc(1)
  readSync(fd, last, 0, 1, size - 1)
  if (last[0] === 0x0a) return null
  // Walk back in blocks to the previous newline (or the start of the file).
  const block = 64 * 1024
  let start = 0
  for (let end = size; end > 0; end -= block) {
    const from = Math.max(0, end - block)
    const bytes = Buffer.alloc(end - from)
    readSync(fd, bytes, 0, bytes.length, from)
    const at = bytes.lastIndexOf(0x0a)
    if (at !== -1) {
      start = from + at + 1
      break
    }
  }
  const tail = Buffer.alloc(size - start)
  readSync(fd, tail, 0, tail.length, start)
  return { start, complete: parsesAsJson(tail) }
}

function parsesAsJson(bytes: Buffer): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    return true
  } catch {
    return false
  }
}
