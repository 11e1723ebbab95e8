/**
 * The earlier versions of every team's entries: one `history.jsonl` (with its archive) per team folder, opened on
 * first use (historyLog.ts), and what `KnowledgeStore.history` lists of them.
 */
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { Logger } from '../host'
import { HistoryLog, versionKey } from './historyLog'

export class TeamHistories {
  private readonly logs = new Map<string, HistoryLog>()

  constructor(
    private readonly root: string,
    private readonly rotateAboveBytes: number,
    private readonly logger: Logger
  ) {}

  /** The history log of the team in `folder`. */
  of(team: { team: string; folder: string }): HistoryLog {
    let log = this.logs.get(team.team)
    if (!log) {
      // A torn last version (a crash mid-append) is moved aside before the next append, and said once.
      log = new HistoryLog(join(this.root, team.folder), this.rotateAboveBytes, (message) =>
        this.logger.warn(message)
      )
      this.logs.set(team.team, log)
    }
    return log
  }

  /**
   * Earlier versions of entry `id`, oldest first: one record per version and update, never `current` itself (a
   * put that failed or was cut short after its history record leaves a copy of the version still current). A
   * version that lost a sync conflict has the winner's number but its own update time: it stays.
   */
  async versions(
    team: { team: string; folder: string },
    id: string,
    current: KnowledgeEntry | undefined
  ): Promise<KnowledgeEntry[]> {
    // The recent file and, for an entry with older versions, its ranges of the archive (historyLog.ts).
    const versions = await this.of(team).versionsOf(id, current)
    const key = versionKey
    const kept = new Map<string, KnowledgeEntry>()
    for (const entry of versions) {
      if (entry.id !== id || (current && (entry.version > current.version || key(entry) === key(current))))
        continue
      kept.set(key(entry), entry)
    }
    return [...kept.values()].sort((a, b) => a.version - b.version || a.updatedAt.localeCompare(b.updatedAt))
  }

  async close(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.close()))
  }
}
