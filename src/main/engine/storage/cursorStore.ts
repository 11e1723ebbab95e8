/** Durable connector cursors: one small JSON file, rewritten atomically after each processed event. */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { writeJsonAtomic } from './jsonLines'

const CursorFile = z.record(z.string(), z.string())

export class CursorStore {
  private cursors: Record<string, string> = {}
  private writing: Promise<void> = Promise.resolve()
  private pending: Promise<void> | null = null

  private constructor(
    private readonly file: string,
    private readonly beforeWrite: () => void
  ) {}

  /** `beforeWrite`: runs before each cursor write (the engine syncs its event log there). */
  static async open(file: string, beforeWrite: () => void = () => undefined): Promise<CursorStore> {
    const store = new CursorStore(file, beforeWrite)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store
      throw new VigilError(ErrorCode.storageFailed, `${file}: cannot be read (${(error as Error).message})`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new VigilError(ErrorCode.storageFailed, `${file}: invalid JSON; fix or remove it to start over`)
    }
    const parsed = CursorFile.safeParse(json)
    if (!parsed.success) {
      throw new VigilError(ErrorCode.storageFailed, `${file}: expected an object of connector id to cursor`)
    }
    store.cursors = parsed.data
    return store
  }

  get(connectorId: string): string | null {
    return this.cursors[connectorId] ?? null
  }

  /**
   * Records a cursor. Writes are coalesced: while one is in flight, later cursors are written together after it,
   * so a fast stream costs one file write per burst. A crash can lose the newest cursor; the engine's event log
   * drops the events that are then delivered again.
   */
  set(connectorId: string, cursor: string): Promise<void> {
    this.cursors[connectorId] = cursor
    this.pending ??= this.writing.then(() => {
      this.pending = null
      this.beforeWrite()
      return writeJsonAtomic(this.file, { ...this.cursors })
    })
    const write = this.pending
    this.writing = write.catch(() => undefined)
    return write
  }

  flush(): Promise<void> {
    return this.writing
  }
}
