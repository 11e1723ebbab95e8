/** Append-only JSON Lines files and atomic JSON writes: the engine's durable formats (besides knowledge). */
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs'
import { mkdir, open, rename, truncate, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { completeLength } from './tornTail'

/**
 * Reads and validates every line of a JSON Lines file. A missing file is empty. Any invalid line fails the whole
 * read with an error naming the file and line, so a caller never acts on (or overwrites) half a file. A last line
 * a kill cut short (tornTail.ts) is not read; `owner` (the store that appends to the file) also cuts it off.
 */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S,
  options: { owner?: boolean } = {}
): Promise<Array<z.output<S>>> {
  const records: Array<z.output<S>> = []
  let stream
  try {
    const length = await completeLength(file)
    if (!length || length.complete === 0) return records
    if (options.owner && length.complete < length.size) await truncate(file, length.complete)
    stream = createReadStream(file, { encoding: 'utf8', end: length.complete - 1 })
    await new Promise<void>((resolve, reject) => {
      stream!.once('open', () => resolve())
      stream!.once('error', reject)
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return records
    throw new VigilError(ErrorCode.storageFailed, `${file}: cannot be read (${(error as Error).message})`)
  }
  let lineNumber = 0
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      lineNumber++
      if (line.trim() === '') continue
      records.push(parseLine(file, lineNumber, line, schema))
    }
  } finally {
    stream.destroy()
  }
  return records
}

function parseLine<S extends z.ZodType>(
  file: string,
  lineNumber: number,
  line: string,
  schema: S
): z.output<S> {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    throw new VigilError(ErrorCode.storageFailed, `${file} line ${lineNumber}: invalid JSON`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new VigilError(
      ErrorCode.storageFailed,
      `${file} line ${lineNumber}: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`
    )
  }
  return parsed.data
}

/**
 * Appends records as JSON lines in call order. Each line is written synchronously to a file kept open until
 * `close()` (an append after that opens it again): a few microseconds per record, where an asynchronous write
 * costs two thread hand-offs, and the engine waits for the line before acting on the event.
 */
export class JsonLinesWriter {
  private fd: number | null = null

  constructor(readonly file: string) {}

  /** Resolves once the line is in the file; rejects (nothing written) when it cannot be. */
  append(record: unknown): Promise<void> {
    try {
      const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8')
      if (this.fd === null) {
        mkdirSync(dirname(this.file), { recursive: true })
        this.fd = openSync(this.file, 'a')
      }
      for (let written = 0; written < line.length; ) written += writeSync(this.fd, line, written)
      return Promise.resolve()
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Resolves once every append so far has reached the file (they all have: appends are synchronous). */
  flush(): Promise<void> {
    return Promise.resolve()
  }

  /** Closes the file. */
  close(): Promise<void> {
    const fd = this.fd
    this.fd = null
    if (fd !== null) closeSync(fd)
    return Promise.resolve()
  }
}

/** Writes JSON to a temporary file, syncs it and renames it over the target: readers never see half a file. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8')
  const handle = await open(temporary, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, file)
}
