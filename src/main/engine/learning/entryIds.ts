/** Entry ids are derived from the first ticket they were learned from, so replays are reproducible. */
import type { KnowledgeStore } from '../knowledge/knowledgeStore'

export function uniqueEntryId(knowledge: KnowledgeStore, team: string, ticketId: string): string {
  const base = `kb-${ticketId.replace(/[^A-Za-z0-9_-]/g, '_')}`
  let id = base
  for (let n = 2; knowledge.get(team, id); n++) id = `${base}-${n}`
  return id
}
