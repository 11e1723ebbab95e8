/**
 * Reads what the statistics are computed from, without starting the engine and without writing anything: the
 * suggestion log (with reactions), the event log (each with its archive), the teams' knowledge (read as `vigil knowledge list` reads it, no
 * search index built) and the knowledge gaps, all in the data folder.
 */
import { join } from 'node:path'
import type { Logger } from '../host'
import { readGaps } from '../gaps/gapFile'
import { listTeamFolders, loadTeamFolder } from '../knowledge/teamLoader'
import { readEventLog } from '../storage/eventLog'
import { readSuggestionLog } from '../storage/suggestionLog'
import type { StatsSources } from './teamStats'

export async function readStatsSources(dataDir: string, logger: Logger): Promise<StatsSources> {
  // The archives hold what rotation and retirement took out of the logs (long-resolved tickets): read first, as older.
  const suggestions = await readSuggestionLog(
    join(dataDir, 'suggestions-archive.jsonl'),
    join(dataDir, 'suggestions.jsonl')
  )
  const events = await readEventLog(join(dataDir, 'events-archive.jsonl'), join(dataDir, 'events.jsonl'))
  const root = join(dataDir, 'knowledge')
  const teams = []
  for (const folder of await listTeamFolders(root)) {
    const loaded = await loadTeamFolder(root, folder)
    if (!loaded) continue
    if (loaded.problem) logger.warn(loaded.problem.message)
    teams.push(loaded)
  }
  const gaps = await readGaps(join(dataDir, 'gaps.json'), (message) => logger.warn(message))
  const names = [...teams.map((team) => team.team), ...suggestions.map((suggestion) => suggestion.team)]
  return {
    suggestions,
    events,
    entries: teams.flatMap((team) => [...team.entries.values()]),
    gaps,
    teams: [...new Set(names)].sort()
  }
}
