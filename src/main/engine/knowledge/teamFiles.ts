/**
 * The files of one team folder, as the only writer sees them: appends to the log, snapshot replacement, and the
 * repair of a torn last line. Callers serialise access (TeamKnowledge's write queue); nothing here is reentrant.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { EntryStatus } from '../../../shared/domain'
import type { Logger } from '../host'
import { catalogueFileName, writeCatalogueFile, type CatalogueColumns } from './catalogueFile'
import { syncDirectory, writeFileAtomically } from './durableFile'
import type { EntryLocation, EntryShelf } from './entryShelf'
import { indexFileName, writeIndexFile, type SnapshotFingerprint } from './indexFile'
import type { KnowledgeIndex } from './knowledgeIndex'
import { logFileName, metaFileName, snapshotFileName, tornFileName, type TeamMeta } from './records'
import type { KnowledgeStamp } from './knowledgeStamp'
import type { LoadProblem, LogState } from './teamLoader'
import { fingerprint } from './teamOpener'
import { vectorFileName, writeVectorFile } from './vectors/vectorFile'

export class TeamFiles {
  private readonly folderPath: string
  private log: FileHandle | null = null
  private exists: boolean
  private logSize: number
  private logNeedsNewline: boolean
  private tornTail: LogState['tornTail']
  /** Set when a failed append could not be undone: the log may end in a partial record. */
  damage: LoadProblem | null = null
  /** The snapshot's size and CRC-32 (null: no snapshot yet; undefined: not read, see `stamp`). */
  private snapshot: SnapshotFingerprint | null | undefined

  constructor(
    private readonly root: string,
    readonly folder: string,
    private readonly team: string,
    loaded: (LogState & { snapshot?: SnapshotFingerprint | null }) | null,
    private readonly logger: Logger
  ) {
    this.snapshot = loaded ? loaded.snapshot : null
    this.folderPath = join(root, folder)
    this.exists = loaded !== null
    this.logSize = loaded?.logSize ?? 0
    this.logNeedsNewline = loaded?.logNeedsNewline ?? false
    this.tornTail = loaded?.tornTail ?? null
  }

  /** Bytes in the log (records since the last compaction). */
  get logBytes(): number {
    return this.logSize
  }

  /**
   * Appends one line per record (each without its newline) and fsyncs them; returns where each line is. On failure
   * the log is cut back to its last complete record.
   */
  async append(records: string[]): Promise<EntryLocation[]> {
    const log = await this.openLog()
    const prefix = this.logNeedsNewline ? '\n' : ''
    const data = Buffer.from(prefix + records.join('\n') + '\n', 'utf8')
    const locations: EntryLocation[] = []
    let offset = this.logSize + prefix.length
    for (const record of records) {
      const length = Buffer.byteLength(record, 'utf8')
      locations.push({ file: 'log', offset, length })
      offset += length + 1
    }
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
    return locations
  }

  /**
   * Writes all entries as the new snapshot (atomically) and points the shelf at it, then saves the search index
   * built from exactly that state (when `index` is given and holds every entry; otherwise a saved index is removed),
   * then empties the log.
   */
  async replaceSnapshot(shelf: EntryShelf, index: KnowledgeIndex | null): Promise<void> {
    if (!this.exists) return
    const log = await this.openLog()
    // The current locations stay readable through this descriptor while the new file replaces the old.
    shelf.holdSnapshot()
    const offsets = new Float64Array(shelf.size)
    const lengths = new Uint32Array(shelf.size)
    const lines = shelf.snapshotLines((slot, offset, length) => {
      offsets[slot] = offset
      lengths[slot] = length
    })
    const path = join(this.folderPath, snapshotFileName)
    await writeFileAtomically(path, lines, this.folderPath)
    // Read back the way opening reads it, so the index names exactly the bytes on disk.
    const snapshot = (await fingerprint(path))!
    this.snapshot = snapshot
    shelf.switchToSnapshot(offsets, lengths)
    await this.saveIndex(shelf, index, { snapshot, offsets, lengths })
    // A crash here leaves snapshot and log overlapping, which replays to the same state (see records.ts).
    await log.truncate(0)
    await log.datasync()
    this.logSize = 0
    this.logNeedsNewline = false
  }

  /** The index of exactly the snapshot just written; never one that could disagree with it. */
  private async saveIndex(
    shelf: EntryShelf,
    index: KnowledgeIndex | null,
    written: { snapshot: { size: number; crc32: number }; offsets: Float64Array; lengths: Uint32Array }
  ): Promise<void> {
    const path = join(this.folderPath, indexFileName)
    if (!index || index.size !== shelf.size) {
      await rm(path, { force: true })
      await rm(join(this.folderPath, vectorFileName), { force: true })
      return
    }
    const ids = shelf.allIds()
    const statuses = Uint8Array.from(ids, (id) => EntryStatus.options.indexOf(shelf.status(id)!))
    try {
      await writeIndexFile(path, this.folderPath, {
        snapshot: written.snapshot,
        directory: { ids: [...ids], offsets: written.offsets, lengths: written.lengths, statuses },
        orama: index.save()
      })
    } catch (error) {
      // The snapshot and log are safe; the next open rebuilds the index and says so.
      this.logger.warn('knowledge: the search index could not be saved', {
        team: this.team,
        error: String(error)
      })
      await rm(path, { force: true }).catch(() => undefined)
    }
    await this.saveVectors(index)
  }

  /**
   * Writes `vectors.bin`: the index's vectors, named with the current snapshot (entries changed in the log since are
   * embedded again at open). Without vectors, any file is removed (it would name an older snapshot). A failure is
   * logged: the next open derives the vectors again and says so.
   */
  async saveVectors(index: KnowledgeIndex): Promise<void> {
    const path = join(this.folderPath, vectorFileName)
    const vectors = index.savedVectors()
    try {
      if (!vectors || this.snapshot === undefined || !this.exists) await rm(path, { force: true })
      else await writeVectorFile(path, this.folderPath, { ...vectors, snapshot: this.snapshot })
    } catch (error) {
      this.logger.warn('knowledge: the entry vectors could not be saved', {
        team: this.team,
        error: String(error)
      })
      await rm(path, { force: true }).catch(() => undefined)
    }
  }

  /**
   * Writes `catalogue.bin`: the entry catalogue, named with the current snapshot (the log's entries are noted again
   * at open). Call it between writes only. Without a snapshot nothing is written (opening reads every entry then
   * anyway). A failure is logged: the next open builds the catalogue again.
   */
  async saveCatalogue(columns: CatalogueColumns): Promise<void> {
    if (!this.snapshot || !this.exists) return
    const path = join(this.folderPath, catalogueFileName)
    try {
      await writeCatalogueFile(path, this.folderPath, this.snapshot, columns)
    } catch (error) {
      this.logger.warn('knowledge: the entry catalogue could not be saved', {
        team: this.team,
        error: String(error)
      })
      await rm(path, { force: true }).catch(() => undefined)
    }
  }

  /**
   * Where the files stand: the snapshot's fingerprint and the log's length. Any write changes it; whatever was
   * derived from the entries at one stamp holds for the same stamp, and for a later one with the same snapshot once
   * the entries written to the log since are applied. Null when the snapshot was not fingerprinted at open.
   */
  stamp(): KnowledgeStamp | null {
    if (this.snapshot === undefined) return null
    return { snapshot: this.snapshot, logSize: this.logSize }
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
