/**
 * Reads what the statistics are computed from, without starting the engine: the suggestion log (with reactions),
 * the event log, the team's knowledge and the knowledge gaps, all in the data folder.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { Feedback, Suggestion } from '../../../shared/domain'
import type { StatsSources } from './teamStats'
import { ConnectorEvent } from '../../../shared/events'
import type { Logger } from '../host'
import { readGaps } from '../gaps/gapFile'
import { KnowledgeStore } from '../knowledge/knowledgeStore'
import { readJsonLines } from '../storage/jsonLines'

const SuggestionRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('suggestion'), suggestion: Suggestion }),
  z.object({ type: z.literal('feedback'), feedback: Feedback })
])
const EventRecord = z.object({ connectorId: z.string(), event: ConnectorEvent })

export async function readStatsSources(dataDir: string, logger: Logger): Promise<StatsSources> {
  const byId = new Map<string, Suggestion>()
  for (const record of await readJsonLines(join(dataDir, 'suggestions.jsonl'), SuggestionRecord)) {
    if (record.type === 'suggestion') byId.set(record.suggestion.id, record.suggestion)
    else byId.get(record.feedback.suggestionId)?.feedback.push(record.feedback)
  }
  const events = (await readJsonLines(join(dataDir, 'events.jsonl'), EventRecord)).map(
    (record) => record.event
  )
  const knowledge = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger })
  try {
    const teams = knowledge.teams()
    const entries = teams.flatMap((team) => knowledge.entries(team))
    const gaps = await readGaps(join(dataDir, 'gaps.json'), (message) => logger.warn(message))
    const suggestionTeams = [...byId.values()].map((suggestion) => suggestion.team)
    return {
      suggestions: [...byId.values()],
      events,
      entries,
      gaps,
      teams: [...new Set([...teams, ...suggestionTeams])].sort()
    }
  } finally {
    await knowledge.close()
  }
}
