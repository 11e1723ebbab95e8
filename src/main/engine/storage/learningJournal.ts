/**
 * Which logged resolutions have been learned from. Learning runs off the message path, on the ticket's queue, so
 * a process killed between logging a resolution and learning from it would lose that case; on start the engine
 * learns from every logged resolution not in this journal. A data folder from before the journal existed learned
 * each resolution as it arrived, so its first journal lists them all as learned.
 */
import { existsSync } from 'node:fs'
import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { JsonLinesWriter, openJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

const Learned = z.object({ eventId: z.string().min(1) })

export class LearningJournal {
  private readonly learned = new Set<string>()
  /** Records appended since the last `sync()`. */
  private unsynced = false

  private constructor(private readonly writer: JsonLinesWriter) {}

  /** `logged`: the resolution event ids already in the event log, oldest first. */
  static async open(
    file: string,
    logged: readonly string[],
    report: (message: string) => void = () => undefined,
    /** false: each record reaches the OS at once and the disk at `sync()` or `close()` (see JsonLinesWriter). */
    syncEach = true
  ): Promise<LearningJournal> {
    const fresh = !existsSync(file)
    const journal = new LearningJournal(
      new JsonLinesWriter(file, (torn) => report(describeTorn(torn)), syncEach)
    )
    if (fresh) {
      // Created now even when empty: a later start must not take a crash's unlearned resolutions for old ones.
      await mkdir(dirname(file), { recursive: true })
      await appendFile(file, '')
      for (const eventId of logged) await journal.learnedFrom(eventId)
      journal.sync()
      return journal
    }
    const { records, torn } = await openJsonLines(file, Learned)
    // A torn record is a resolution not yet marked learned: it is learned again, which is what the journal is for.
    if (torn) report(describeTorn(torn))
    for (const record of records) journal.learned.add(record.eventId)
    return journal
  }

  has(eventId: string): boolean {
    return this.learned.has(eventId)
  }

  /** Records that the resolution `eventId` was learned from (or failed in a way another try would not fix). */
  async learnedFrom(eventId: string): Promise<void> {
    if (this.learned.has(eventId)) return
    await this.writer.append({ eventId })
    this.learned.add(eventId)
    this.unsynced = true
  }

  /**
   * Keeps only the ids in `logged` (the events still in the compacted event log): the others belong to archived
   * tickets, which are never learned again. Rewritten atomically after the event log, so a crash in between leaves
   * ids too many (harmless), never too few.
   */
  keepOnly(logged: ReadonlySet<string>): void {
    for (const eventId of this.learned) if (!logged.has(eventId)) this.learned.delete(eventId)
    this.writer.replaceAll([...this.learned].map((eventId) => ({ eventId })))
  }

  /** Makes every record so far survive power loss (a no-op cost when each record is synced already). */
  sync(): void {
    if (!this.unsynced) return
    this.writer.sync()
    this.unsynced = false
  }

  close(): Promise<void> {
    return this.writer.close()
  }
}
