/** Append-only JSON Lines files and atomic JSON writes: the engine's durable formats (besides knowledge). */
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'

/**
 * Reads and validates every line of a JSON Lines file. A missing file is empty. Any invalid line fails the whole
 * read with an error naming the file and line, so a caller never acts on (or overwrites) half a file.
 */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S
): Promise<Array<z.output<S>>> {
  const records: Array<z.output<S>> = []
  let stream
  try {
    stream = createReadStream(file, { encoding: 'utf8' })
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
 * Appends records as JSON lines, one write at a time, in call order. The file stays open between appends (one
 * write per record instead of open, write and close) until `close()`; an append after that opens it again.
 */
export class JsonLinesWriter {
  private queue: Promise<void> = Promise.resolve()
  private handle: Promise<FileHandle> | null = null

  constructor(readonly file: string) {}

  append(record: unknown): Promise<void> {
    const line = `${JSON.stringify(record)}\n`
    const write = this.queue.then(async () => {
      const handle = await this.openHandle()
      await handle.write(line, null, 'utf8')
    })
    this.queue = write.catch(() => undefined)
    return write
  }

  /** Resolves once every append so far has reached the file. */
  flush(): Promise<void> {
    return this.queue
  }

  /** Flushes, then closes the file. */
  close(): Promise<void> {
    const closed = this.queue.then(async () => {
      const handle = this.handle
      this.handle = null
      if (handle) await (await handle.catch(() => null))?.close()
    })
    this.queue = closed.catch(() => undefined)
    return closed
  }

  private openHandle(): Promise<FileHandle> {
    this.handle ??= mkdir(dirname(this.file), { recursive: true })
      .then(() => open(this.file, 'a'))
      .catch((error: unknown) => {
        this.handle = null
        throw error
      })
    return this.handle
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
