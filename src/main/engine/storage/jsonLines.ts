/** Append-only JSON Lines files and atomic JSON writes: the engine's durable formats (besides knowledge). */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { readLines } from '../knowledge/lineReader'
import { moveTailAside, syncDirectorySync, unterminatedTail, type TornRecord } from './tornTail'

/** Where an append's lines lie in the file: `bytes` from byte `start`, the last newline included. */
export interface WrittenRange {
  start: number
  bytes: number
}

/** The records of one written range, read back without reading the rest of the file. */
export async function readJsonLinesRange<S extends z.ZodType>(
  file: string,
  range: WrittenRange,
  schema: S
): Promise<Array<z.output<S>>> {
  const handle = await open(file, 'r')
  try {
    const bytes = Buffer.alloc(range.bytes)
    const { bytesRead } = await handle.read(bytes, 0, range.bytes, range.start)
    const records: Array<z.output<S>> = []
    const lines = bytes.subarray(0, bytesRead).toString('utf8').split('\n')
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue
      const parsed = parseLine(line, schema)
      if ('error' in parsed)
        throw new VigilError(
          ErrorCode.storageFailed,
          `${file} at byte ${range.start} (line ${index + 1} of a range): ${parsed.error}`
        )
      records.push(parsed.record)
    }
    return records
  } finally {
    await handle.close()
  }
}

export interface JsonLinesRead<T> {
  records: T[]
  /** The unfinished last record, moved aside (`openJsonLines`) or just skipped (`readJsonLines`). */
  torn: TornRecord | null
}

/**
 * Reads and validates every line of a JSON Lines file. A missing file is empty. An invalid line in the middle fails
 * the whole read with an error naming the file and line, so a caller never acts on (or overwrites) half a file.
 * An unfinished last line (no newline, not a valid record: a write cut short) is skipped; it was never acknowledged.
 */
export async function readJsonLines<S extends z.ZodType>(
  file: string,
  schema: S
): Promise<Array<z.output<S>>> {
  return (await scan(file, schema)).records
}

/**
 * As `readJsonLines`, for the file's one writer before it appends: an unfinished last line is moved aside
 * (`<file>.torn-<time>`) and cut off, and returned so the caller reports it once.
 */
export async function openJsonLines<S extends z.ZodType>(
  file: string,
  schema: S
): Promise<JsonLinesRead<z.output<S>>> {
  const read = await scan(file, schema)
  if (!read.tornAt) return { records: read.records, torn: null }
  try {
    return { records: read.records, torn: moveTailAside(file, read.tornAt.start, read.tornAt.line) }
  } catch (error) {
    throw new VigilError(
      ErrorCode.storageFailed,
      `${file} line ${read.tornAt.line}: an unfinished last record could not be moved aside (${(error as Error).message}); the file is unchanged`
    )
  }
}

async function scan<S extends z.ZodType>(
  file: string,
  schema: S
): Promise<{ records: Array<z.output<S>>; tornAt: { line: number; start: number } | null }> {
  const records: Array<z.output<S>> = []
  let tornAt: { line: number; start: number } | null = null
  try {
    for await (const line of readLines(file)) {
      if (line.validUtf8 && line.terminated && line.text.trim() === '') continue
      const parsed = line.validUtf8 ? parseLine(line.text, schema) : { error: 'not valid UTF-8' }
      if ('record' in parsed) records.push(parsed.record)
      // Only an unterminated last line can be a write cut short; anywhere else it is damage a person must see.
      else if (!line.terminated) tornAt = { line: line.number, start: line.start }
      else
        throw new VigilError(
          ErrorCode.storageFailed,
          `${file} line ${line.number}: ${parsed.error}. Vigil has not changed the file; repair or delete that line (keep a copy of the file), then start again`
        )
    }
  } catch (error) {
    if (error instanceof VigilError) throw error
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records, tornAt: null }
    throw new VigilError(ErrorCode.storageFailed, `${file}: cannot be read (${(error as Error).message})`)
  }
  return { records, tornAt }
}

function parseLine<S extends z.ZodType>(
  line: string,
  schema: S
): { record: z.output<S> } | { error: string } {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return { error: 'invalid JSON' }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { record: parsed.data }
  const issue = parsed.error.issues[0]
  return { error: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}` }
}

/**
 * Appends records as JSON lines in call order, with the knowledge log's durability rules: each line is written and
 * fdatasync'd before the append resolves, a failed write is cut back so the file never ends in half a record, and an
 * unfinished last line left by a crash is moved aside before the first append (see tornTail.ts). The file stays
 * open until `close()` (an append after that opens it again).
 */
export class JsonLinesWriter {
  private fd: number | null = null
  /** Bytes of complete records: where a failed append is cut back to. */
  private size = 0
  private needsNewline = false

  constructor(
    readonly file: string,
    private readonly onTorn: (torn: TornRecord) => void = () => undefined,
    /**
     * false: appends reach the OS at once (a killed process loses nothing) and reach the disk at `sync()`; for a
     * log written per message, whose owner syncs before anything that depends on it is made durable.
     */
    private readonly syncEach = true
  ) {}

  /** Makes every append so far survive power loss. */
  sync(): void {
    if (this.fd === null) return
    try {
      fdatasyncSync(this.fd)
    } catch (error) {
      throw new VigilError(
        ErrorCode.storageFailed,
        `${this.file}: cannot be synced (${(error as Error).message})`
      )
    }
  }

  /** Resolves once the line is on disk; rejects (nothing written) with STORAGE_FAILED when it cannot be. */
  append(record: unknown): Promise<void> {
    return this.appendText(JSON.stringify(record)).then(() => undefined)
  }

  /** Bytes in the file (complete records), once it has been opened for appending. */
  get bytes(): number {
    return this.size
  }

  private appendText(lines: string): Promise<WrittenRange> {
    try {
      const fd = this.fd ?? this.openFile()
      const data = Buffer.from(`${this.needsNewline ? '\n' : ''}${lines}\n`, 'utf8')
      try {
        for (let written = 0; written < data.length; ) written += writeSync(fd, data, written)
        if (this.syncEach) fdatasyncSync(fd)
      } catch (error) {
        this.undo(fd)
        throw error
      }
      const range = {
        start: this.size + (this.needsNewline ? 1 : 0),
        bytes: data.length - (this.needsNewline ? 1 : 0)
      }
      this.size += data.length
      this.needsNewline = false
      return Promise.resolve(range)
    } catch (error) {
      if (error instanceof VigilError) return Promise.reject(error)
      return Promise.reject(
        new VigilError(
          ErrorCode.storageFailed,
          `${this.file}: cannot be written (${(error as Error).message}); it holds what it held before`,
          { cause: error }
        )
      )
    }
  }

  /**
   * Appends many records with one write and one sync (rotation, archives); all or, on failure, none. Resolves with
   * where their lines lie in the file, so an index can read them back without reading the rest.
   */
  appendMany(records: readonly unknown[]): Promise<WrittenRange> {
    if (records.length === 0) return Promise.resolve({ start: this.size, bytes: 0 })
    const lines = records.map((record) => JSON.stringify(record)).join('\n')
    return this.appendText(lines)
  }

  /**
   * Replaces the whole file with `records` (compaction): written to a temporary file, synced, renamed over the
   * file, all synchronously, so no append can fall between the copy and the rename. A failure leaves the file as
   * it was (STORAGE_FAILED).
   */
  replaceAll(records: Iterable<unknown>): void {
    const temporary = `${this.file}.${process.pid}.compact.tmp`
    const dir = dirname(this.file)
    try {
      mkdirSync(dir, { recursive: true })
      const fd = openSync(temporary, 'w')
      let size = 0
      try {
        let chunk: string[] = []
        const write = (): void => {
          const data = Buffer.from(chunk.join(''), 'utf8')
          for (let written = 0; written < data.length; ) written += writeSync(fd, data, written)
          size += data.length
          chunk = []
        }
        for (const record of records) {
          chunk.push(JSON.stringify(record) + '\n')
          if (chunk.length >= 1000) write()
        }
        write()
        fdatasyncSync(fd)
      } finally {
        closeSync(fd)
      }
      void this.close()
      renameSync(temporary, this.file)
      syncDirectorySync(dir)
      this.size = size
      this.needsNewline = false
    } catch (error) {
      rmSync(temporary, { force: true })
      throw new VigilError(
        ErrorCode.storageFailed,
        `${this.file}: cannot be compacted (${(error as Error).message}); it holds what it held before`,
        { cause: error }
      )
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
    if (fd === null) return Promise.resolve()
    try {
      if (!this.syncEach) fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return Promise.resolve()
  }

  private openFile(): number {
    const dir = dirname(this.file)
    mkdirSync(dir, { recursive: true })
    const created = !existsSync(this.file)
    let fd = openSync(this.file, 'a+')
    if (created) syncDirectorySync(dir)
    const tail = unterminatedTail(fd)
    if (tail?.complete) this.needsNewline = true
    else if (tail) {
      closeSync(fd)
      this.onTorn(moveTailAside(this.file, tail.start, null))
      fd = openSync(this.file, 'a+')
    }
    this.size = fstatSync(fd).size
    this.fd = fd
    return fd
  }

  /** Cuts a failed append back off; if even that fails the file is closed so the next append re-checks its tail. */
  private undo(fd: number): void {
    try {
      ftruncateSync(fd, this.size)
    } catch {
      this.fd = null
      closeSync(fd)
    }
  }
}

/** Writes JSON to a temporary file, syncs it and renames it over the target: readers never see half a file. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8')
    const handle = await open(temporary, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
    syncDirectorySync(dirname(file))
  } catch (error) {
    // Disk full, read-only folder: the file keeps its previous content and the half-written copy goes.
    await rm(temporary, { force: true }).catch(() => undefined)
    throw new VigilError(
      ErrorCode.storageFailed,
      `${file}: cannot be written (${(error as Error).message}); it holds what it held before`,
      { cause: error }
    )
  }
}
