/**
 * The files of one team folder, as the only writer sees them: appends to the log, snapshot replacement, and the
 * repair of a torn last line. Callers serialise access (TeamKnowledge's write queue); nothing here is reentrant.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { Logger } from '../host'
import { syncDirectory, writeFileAtomically } from './durableFile'
import { logFileName, metaFileName, snapshotFileName, tornFileName, type TeamMeta } from './records'
import type { LoadedTeam, LoadProblem } from './teamLoader'

export class TeamFiles {
  private readonly folderPath: string
  private log: FileHandle | null = null
  private exists: boolean
  private logSize: number
  private logNeedsNewline: boolean
  private tornTail: LoadedTeam['tornTail']
  /** Set when a failed append could not be undone: the log may end in a partial record. */
  damage: LoadProblem | null = null

  constructor(
    private readonly root: string,
    readonly folder: string,
    private readonly team: string,
    loaded: LoadedTeam | null,
    private readonly logger: Logger
  ) {
    this.folderPath = join(root, folder)
    this.exists = loaded !== null
    this.logSize = loaded?.logSize ?? 0
    this.logNeedsNewline = loaded?.logNeedsNewline ?? false
    this.tornTail = loaded?.tornTail ?? null
  }

  /** Appends complete lines and fsyncs them. On failure the log is cut back to its last complete record. */
  async append(lines: string): Promise<void> {
    const log = await this.openLog()
    const data = Buffer.from(this.logNeedsNewline ? '\n' + lines : lines, 'utf8')
    try {
      await log.write(data)
      await log.datasync()
    } catch (error) {
      try {
        await log.truncate(this.logSize)
        await log.datasync()
      } catch {
        this.damage = {
          file: join(this.folderPath, logFileName),
          message: `${this.folder}/${logFileName} could not be written: ${(error as Error).message}`
        }
      }
      throw error
    }
    this.logSize += data.length
    this.logNeedsNewline = false
  }

  /** Writes all entries as the new snapshot (atomically), then empties the log. */
  async replaceSnapshot(entries: Map<string, KnowledgeEntry>): Promise<void> {
    if (!this.exists) return
    const log = await this.openLog()
    await writeFileAtomically(
      join(this.folderPath, snapshotFileName),
      snapshotChunks(entries),
      this.folderPath
    )
    // A crash here leaves snapshot and log overlapping, which replays to the same state (see records.ts).
    await log.truncate(0)
    await log.datasync()
    this.logSize = 0
    this.logNeedsNewline = false
  }

  async close(): Promise<void> {
    await this.log?.close()
    this.log = null
  }

  /**
   * Opens the log for appending, creating the folder on first use.
   *
   * A torn last line (a crash cut an append short) was never acknowledged to any caller, so no stored knowledge
   * lives in it. Loading leaves the file untouched; before the first append its bytes are copied to
   * `entries.jsonl.torn` (fsync'd) and only then cut from the log, so nothing is lost and appends start on a clean
   * line.
   */
  private async openLog(): Promise<FileHandle> {
    if (this.log) return this.log
    if (!this.exists) await this.createFolder()
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
    this.logger.warn('knowledge: moved an unfinished last log line aside', {
      team: this.team,
      line: torn.line,
      file: join(this.folderPath, tornFileName)
    })
  }

  /** team.json goes first, atomically, so a folder with data always says which team it holds. */
  private async createFolder(): Promise<void> {
    await mkdir(this.folderPath, { recursive: true })
    const meta: TeamMeta = { format: 1, team: this.team }
    await writeFileAtomically(
      join(this.folderPath, metaFileName),
      [JSON.stringify(meta) + '\n'],
      this.folderPath
    )
    await syncDirectory(this.root)
    this.exists = true
  }
}

/** One entry per line, joined a thousand at a time: never one string for the whole team. */
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
