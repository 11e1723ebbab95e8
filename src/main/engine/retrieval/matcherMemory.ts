/**
 * The EntryMatcher of a running engine, opened from each team's saved summary (matcherSummaryFile.ts) instead of
 * from every entry: a start reads the summary and only the entries written since it (the log's tail). A team whose
 * summary is missing, damaged, or older than the knowledge's last compaction is derived from its entries (the slow
 * path, said by `derived`) and its summary written at once; every team's summary is written again at `save`, after
 * the knowledge store has closed (its stamp is then final).
 *
 * The state restored equals the state derived from the entries: both hold the same statistics, URLs, source tickets
 * and case counts for the same entries (tests/engine/retrieval/matcherMemory.test.ts compares them).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { continuesFrom } from '../knowledge/knowledgeStamp'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import { folderNameForTeam } from '../knowledge/teamFolder'
import { EntryMatcher } from './entryMatcher'
import { readMatcherSummary, writeMatcherSummary } from './matcherSummaryFile'
import { TeamMatch } from './teamMatch'

export class MatcherMemory {
  private constructor(
    readonly matcher: EntryMatcher,
    private readonly dir: string,
    private readonly knowledge: KnowledgeStore,
    /** Teams derived from their entries at open (no usable summary), and why. */
    readonly derived: ReadonlyArray<{ team: string; reason: string }>,
    private readonly warn: (message: string) => void
  ) {}

  /**
   * Restores every team of `knowledge` from its summary in `dir` (e.g. `<dataDir>/matcher`), or derives it from the
   * entries and writes the summary. A summary that cannot be written is said through `warn`; the engine runs on.
   */
  static async open(
    dir: string,
    knowledge: KnowledgeStore,
    warn: (message: string) => void
  ): Promise<MatcherMemory> {
    const restored = new Map<string, TeamMatch>()
    const derived: Array<{ team: string; reason: string }> = []
    const tails: Array<{ team: string; logSize: number }> = []
    for (const team of knowledge.teams()) {
      const stamp = knowledge.stamp(team)
      if (!stamp) {
        derived.push({ team, reason: 'its knowledge files have no stamp' })
        continue
      }
      const summary = await readMatcherSummary(summaryPath(dir, team), team)
      if (!summary || !continuesFrom(summary.stamp, stamp)) {
        derived.push({ team, reason: summary ? 'its summary predates a compaction' : 'no usable summary' })
        continue
      }
      restored.set(team, TeamMatch.restore(summary.state))
      tails.push({ team, logSize: summary.stamp.logSize })
    }
    const matcher = EntryMatcher.restored(restored)
    for (const { team, logSize } of tails)
      for (const entry of knowledge.entriesWrittenSince(team, logSize)) matcher.index(entry)
    for (const { team } of derived) for (const entry of knowledge.entries(team)) matcher.index(entry)
    const memory = new MatcherMemory(matcher, dir, knowledge, derived, warn)
    await memory.save(derived.map(({ team }) => team))
    return memory
  }

  /** Writes the summary of each team (default: every team) at the knowledge's current stamp. */
  async save(teams: readonly string[] = this.knowledge.teams()): Promise<void> {
    for (const team of teams) {
      const stamp = this.knowledge.stamp(team)
      const state = this.matcher.teamState(team)
      if (!stamp || !state) continue
      try {
        await mkdir(this.dir, { recursive: true })
        await writeMatcherSummary(summaryPath(this.dir, team), this.dir, { team, stamp, state: state.save() })
      } catch (error) {
        // The next start derives this team from its entries again: slower, never wrong.
        this.warn(`The matching summary of team "${team}" could not be saved: ${(error as Error).message}`)
      }
    }
  }
}

function summaryPath(dir: string, team: string): string {
  return join(dir, `${folderNameForTeam(team)}.bin`)
}
