/**
 * Reads what the statistics are computed from, without starting the engine and without writing anything: the
 * suggestion log (with reactions), the event log (each with its archive), the teams' knowledge and the knowledge
 * gaps, all in the data folder. A team's knowledge is opened as the store opens it (no search index built): its
 * saved catalogue and the log since give the counts and growth, and only the entries the cards cite are read; a team
 * without a usable saved catalogue or index is read in full.
 */
import { join } from 'node:path'
import type { Logger } from '../host'
import { readGaps } from '../gaps/gapFile'
import { EntryCatalogue } from '../knowledge/entryCatalogue'
import { catalogueFacts, factsFromEntries, type KnowledgeFacts } from '../knowledge/knowledgeFacts'
import { listTeamFolders } from '../knowledge/teamLoader'
import { openTeamFolder, restoredCatalogue } from '../knowledge/teamOpener'
import { readEventLog } from '../storage/eventLog'
import { readSuggestionLog } from '../storage/suggestionLog'
import type { StatsSources } from './teamStats'

/** The statistics' records, and `close` to release the knowledge files they read entries from. */
export async function readStatsSources(
  dataDir: string,
  logger: Logger
): Promise<StatsSources & { close(): void }> {
  // The archives hold what rotation and retirement took out of the logs (long-resolved tickets): read first, as older.
  const suggestions = await readSuggestionLog(
    join(dataDir, 'suggestions-archive.jsonl'),
    join(dataDir, 'suggestions.jsonl')
  )
  const events = await readEventLog(join(dataDir, 'events-archive.jsonl'), join(dataDir, 'events.jsonl'))
  const root = join(dataDir, 'knowledge')
  const teams: Array<{ team: string; facts: KnowledgeFacts; close(): void }> = []
  for (const folder of await listTeamFolders(root)) {
    const opened = await openTeamFolder(root, folder)
    if (!opened) continue
    if (opened.problem) logger.warn(opened.problem.message)
    const { shelf } = opened
    const { active, draft } = shelf.countStatuses()
    const catalogue =
      opened.catalogue ??
      (opened.snapshot
        ? await restoredCatalogue(join(root, folder), opened.snapshot, opened.changes, shelf.size)
        : null) ??
      EntryCatalogue.from(shelf.entries())
    teams.push({
      team: opened.team,
      facts: catalogueFacts(catalogue, { active, draft }, (id) => shelf.get(id)),
      close: () => shelf.close()
    })
  }
  const facts = new Map(teams.map((team) => [team.team, team.facts]))
  const gaps = await readGaps(join(dataDir, 'gaps.json'), (message) => logger.warn(message))
  const names = [...teams.map((team) => team.team), ...suggestions.map((suggestion) => suggestion.team)]
  return {
    suggestions,
    events,
    knowledge: (team) => facts.get(team) ?? factsFromEntries([]),
    gaps,
    teams: [...new Set(names)].sort(),
    close: () => teams.forEach((team) => team.close())
  }
}
