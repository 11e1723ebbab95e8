/** Two or more desktops with their own data dirs, each with a KnowledgeStore and a TeamSync for one team. */
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { TeamSync } from '../../../src/main/engine/sync/teamSync'
import { makeEntry, recordingLogger } from '../knowledge/fixtures'

export interface Desktop {
  dataDir: string
  knowledge: KnowledgeStore
  sync: TeamSync
}

export const clock = { now: () => new Date('2026-12-02T12:00:00.000Z') }

export async function desktop(
  dataDir: string,
  entries: KnowledgeEntry[],
  team = 'cloud-support'
): Promise<Desktop> {
  const knowledge = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
  for (const item of entries) await knowledge.put(item)
  return { dataDir, knowledge, sync: new TeamSync(dataDir, team, knowledge, clock) }
}

export const learned = (id: string, overrides: Partial<KnowledgeEntry> = {}): KnowledgeEntry =>
  makeEntry({
    id,
    title: `Fix for ${id}`,
    provenance: [{ kind: 'learned', at: '2026-03-02T09:15:00.000Z', by: 'Ana' }],
    ...overrides
  })

/** Id -> "version title" of a desktop's entries, to compare replicas. */
export function contents(d: Desktop, team = 'cloud-support'): Record<string, string> {
  return Object.fromEntries(
    d.knowledge.entries(team).map((e) => [e.id, `${e.version} ${e.status} ${e.title}`])
  )
}
