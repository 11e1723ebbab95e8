/**
 * One team's knowledge: the entries in memory, their search index, and the only writer of the team's folder.
 *
 * Writes go through one queue per team, so lines never interleave and a counter bump always starts from the latest
 * value. Operations queued while a write is in flight are written together with one fsync (group commit); each
 * caller's promise resolves only once its record is on disk, and memory changes only after that.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'
import type { Logger } from '../host'
import { syncDirectory, writeFileAtomically } from './durableFile'
import { KnowledgeIndex } from './knowledgeIndex'
import {
  logFileName,
  metaFileName,
  snapshotFileName,
  tornFileName,
  type LogRecord,
  type TeamMeta
} from './records'
import type { LoadedTeam, LoadProblem } from './teamLoader'

/** Computes one log record from the latest state; may throw (e.g. NOT_FOUND) to fail just that operation. */
export type Operation = (latest: (id: string) => KnowledgeEntry | undefined) => LogRecord

interface Pending {
  operation: Operation
  resolve: (entry: KnowledgeEntry) => void
  reject: (error: unknown) => void
}

export interface TeamKnowledgeOptions {
  root: string
  logger: Logger
  compactEvery: number
}

export class TeamKnowledge {
  private readonly folderPath: string
  private readonly entries: Map<string, KnowledgeEntry>
  private problemValue: LoadProblem | null
  private onDisk: boolean
  private logRecords: number
  private logSize: number
  private logNeedsNewline: boolean
  private tornTail: { line: number; start: number } | null
  private readonly index: Promise<KnowledgeIndex>
  private log: FileHandle | null = null
  private pending: Pending[] = []
  /** The write queue: every flush and compaction runs after the previous one. Never rejects. */
  private queue: Promise<void> = Promise.resolve()

  private constructor(
    readonly team: string,
    readonly folder: string,
    loaded: LoadedTeam | null,
    private readonly options: TeamKnowledgeOptions
  ) {
    this.folderPath = join(options.root, folder)
    this.entries = loaded?.entries ?? new Map()
    this.problemValue = loaded?.problem ?? null
    this.onDisk = loaded !== null
    this.logRecords = loaded?.logRecords ?? 0
    this.logSize = loaded?.logSize ?? 0
    this.logNeedsNewline = loaded?.logNeedsNewline ?? false
    this.tornTail = loaded?.tornTail ?? null
    // Indexing is the slow part of opening a large team (tokenising every entry), so it runs in the background:
    // entries are readable and writable at once; search, and the index update of a write, wait for it.
    this.index = KnowledgeIndex.build([...this.entries.values()])
    this.index.catch((error: unknown) => {
      options.logger.error('knowledge: indexing failed', { team, error: String(error) })
    })
  }

  static fromLoaded(loaded: LoadedTeam, options: TeamKnowledgeOptions): TeamKnowledge {
    return new TeamKnowledge(loaded.team, loaded.folder, loaded, options)
  }

  /** A team with no folder yet; the folder is created by the first write. */
  static empty(team: string, folder: string, options: TeamKnowledgeOptions): TeamKnowledge {
    return new TeamKnowledge(team, folder, null, options)
  }

  /** Why this team is read-only, or null when it accepts writes. */
  get problem(): LoadProblem | null {
    return this.problemValue
  }

  /** Refuses all further writes (reads keep working) until the store is reopened. */
  markUnavailable(problem: LoadProblem): void {
    this.problemValue ??= problem
  }

  get size(): number {
    return this.entries.size
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id)
  }

  list(statuses?: readonly EntryStatus[]): KnowledgeEntry[] {
    const all = [...this.entries.values()]
    return statuses ? all.filter((entry) => statuses.includes(entry.status)) : all
  }

  async search(query: string, limit: number, statuses: readonly EntryStatus[]) {
    const hits = await (await this.index).search(query, limit, statuses)
    return hits.flatMap((hit) => {
      const entry = this.entries.get(hit.id)
      return entry ? [{ entry, score: hit.score }] : []
    })
  }

  /** Queues an operation; resolves with the resulting entry once its record is durably on disk. */
  write(operation: Operation): Promise<KnowledgeEntry> {
    const result = new Promise<KnowledgeEntry>((resolve, reject) => {
      this.pending.push({ operation, resolve, reject })
    })
    this.enqueue(() => this.flush())
    return result
  }

  /** Rewrites the snapshot from memory and empties the log. */
  compact(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue(() => this.compactNow().then(resolve, reject))
    })
  }

  /** Waits for queued writes, then releases the log file. */
  async close(): Promise<void> {
    await this.queue
    await this.index.catch(() => undefined)
    await this.log?.close()
    this.log = null
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.options.logger.error('knowledge: unexpected write-queue failure', {
        team: this.team,
        error: String(error)
      })
    })
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0)
    if (batch.length === 0) return
    if (this.problemValue) {
      for (const item of batch) item.reject(this.unavailable())
      return
    }
    // Compute every record against the latest state, including earlier records of this same batch.
    const overlay = new Map<string, KnowledgeEntry>()
    const latest = (id: string) => overlay.get(id) ?? this.entries.get(id)
    const accepted: Array<{ item: Pending; record: LogRecord; entry: KnowledgeEntry }> = []
    for (const item of batch) {
      try {
        const record = item.operation(latest)
        const entry = resultingEntry(record, latest)
        overlay.set(entry.id, entry)
        accepted.push({ item, record, entry })
      } catch (error) {
        item.reject(error)
      }
    }
    if (accepted.length === 0) return
    try {
      await this.append(accepted.map(({ record }) => JSON.stringify(record) + '\n').join(''))
    } catch (error) {
      for (const { item } of accepted)
        item.reject(storageFailed(`save knowledge for team "${this.team}"`, error))
      return
    }
    for (const { entry } of accepted) this.entries.set(entry.id, entry)
    // The records are durable from here on, so every caller is told so even if indexing fails (already logged).
    const index = await this.index.catch(() => null)
    for (const { item, record, entry } of accepted) {
      if (index && record.op === 'put') {
        await index.upsert(entry).catch((error: unknown) => {
          this.options.logger.error('knowledge: indexing an entry failed', {
            team: this.team,
            id: entry.id,
            error: String(error)
          })
        })
      }
      item.resolve(entry)
    }
    this.logRecords += accepted.length
    // Past `compactEvery`, wait until the log holds half as many records as the team has entries: rewriting a
    // 100k-entry snapshot every 500 writes would cost far more than replaying the log on the next open.
    if (this.logRecords >= Math.max(this.options.compactEvery, this.entries.size / 2)) {
      await this.compactNow().catch((error: unknown) => {
        // The records are safe in the log; compaction is retried after the next write.
        this.options.logger.warn('knowledge: compaction failed', { team: this.team, error: String(error) })
      })
    }
  }

  /** Appends text to the log and fsyncs it. On failure the log is cut back to its last complete record. */
  private async append(text: string): Promise<void> {
    const log = await this.openLog()
    const data = Buffer.from(this.logNeedsNewline ? '\n' + text : text, 'utf8')
    try {
      await log.write(data)
      await log.datasync()
    } catch (error) {
      try {
        await log.truncate(this.logSize)
        await log.datasync()
      } catch {
        // The log may now end in a partial record: stop writing until it has been looked at (reopen recovers it).
        this.problemValue = {
          file: join(this.folderPath, logFileName),
          message: `${logFileName} of team "${this.team}" could not be written: ${(error as Error).message}`
        }
      }
      throw error
    }
    this.logSize += data.length
    this.logNeedsNewline = false
  }

  private async compactNow(): Promise<void> {
    if (this.problemValue) throw this.unavailable()
    if (!this.onDisk) return
    const log = await this.openLog()
    try {
      await writeFileAtomically(
        join(this.folderPath, snapshotFileName),
        snapshotChunks(this.entries),
        this.folderPath
      )
      // A crash here leaves snapshot and log overlapping, which replays to the same state (see records.ts).
      await log.truncate(0)
      await log.datasync()
    } catch (error) {
      throw storageFailed(`compact knowledge for team "${this.team}"`, error)
    }
    this.logSize = 0
    this.logRecords = 0
    this.logNeedsNewline = false
  }

  /**
   * Opens the log for appending, creating the folder on first use.
   *
   * A torn last line (a crash cut an append short) was never acknowledged to any caller, so no stored knowledge
   * lives in it. Loading leaves the file untouched; before the first append its bytes are copied to
   * `entries.jsonl.torn` (fsync'd) and only then cut from the log, so nothing is ever lost and appends start
   * on a clean line.
   */
  private async openLog(): Promise<FileHandle> {
    if (this.log) return this.log
    if (!this.onDisk) await this.createFolder()
    const log = await open(join(this.folderPath, logFileName), 'a+')
    try {
      if (this.tornTail) await this.moveTornTail(log, this.tornTail)
    } catch (error) {
      await log.close()
      throw error
    }
    this.log = log
    return log
  }

  private async moveTornTail(log: FileHandle, torn: { line: number; start: number }): Promise<void> {
    const { size } = await log.stat()
    const bytes = Buffer.alloc(size - torn.start)
    await log.read(bytes, 0, bytes.length, torn.start)
    const side = await open(join(this.folderPath, tornFileName), 'a')
    try {
      await side.write(Buffer.concat([bytes, Buffer.from('\n')]))
      await side.sync()
    } finally {
      await side.close()
    }
    await log.truncate(torn.start)
    await log.datasync()
    this.tornTail = null
    this.options.logger.warn('knowledge: moved an unfinished last log line aside', {
      team: this.team,
      line: torn.line,
      file: join(this.folderPath, tornFileName)
    })
  }

  private async createFolder(): Promise<void> {
    await mkdir(this.folderPath, { recursive: true })
    const meta: TeamMeta = { format: 1, team: this.team }
    await writeFileAtomically(
      join(this.folderPath, metaFileName),
      [JSON.stringify(meta) + '\n'],
      this.folderPath
    )
    await syncDirectory(this.options.root)
    this.onDisk = true
  }

  private unavailable(): VigilError {
    return new VigilError(
      ErrorCode.knowledgeUnavailable,
      `Knowledge of team "${this.team}" is read-only until this is fixed: ${this.problemValue?.message ?? ''}`
    )
  }
}

function resultingEntry(
  record: LogRecord,
  latest: (id: string) => KnowledgeEntry | undefined
): KnowledgeEntry {
  if (record.op === 'put') return record.entry
  const entry = latest(record.id)
  if (!entry) throw new VigilError(ErrorCode.notFound, `No knowledge entry ${record.id}`)
  return { ...entry, counters: record.counters }
}

function* snapshotChunks(entries: Map<string, KnowledgeEntry>): Generator<string> {
  let chunk: string[] = []
  for (const entry of entries.values()) {
    chunk.push(JSON.stringify(entry) + '\n')
    if (chunk.length === 1000) {
      yield chunk.join('')
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk.join('')
}

function storageFailed(action: string, error: unknown): VigilError {
  if (error instanceof VigilError) return error
  return new VigilError(ErrorCode.storageFailed, `Could not ${action}: ${(error as Error).message}`, {
    cause: error
  })
}
