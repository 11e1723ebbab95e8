import { describe, expect, it } from 'vitest'
import type { EngineHost } from '../../../src/main/engine/host'
import type { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { buildSync } from '../../../src/main/engine/running/buildSync'
import type { PartHooks } from '../../../src/main/engine/running/buildParts'
import type { EngineStores } from '../../../src/main/engine/running/openStores'
import type { KnowledgeEntry } from '../../../src/shared/domain'

function entry(id: string, team: string): KnowledgeEntry {
  return { id, team } as KnowledgeEntry
}

describe('buildSync: entries a sync brings in', () => {
  it('are all indexed for retrieval but announced once per team, not once per entry', () => {
    const indexed: string[] = []
    const events: Array<{ team: string; entryId: string }> = []
    const hooks = {
      emit: (_name: string, payload: { team: string; entryId: string }) => events.push(payload),
      statusChanged: () => undefined
    } as unknown as PartHooks
    const host = { paths: { dataDir: '/nonexistent' } } as unknown as EngineHost
    const matcher = { index: (e: KnowledgeEntry) => indexed.push(e.id) } as unknown as EntryMatcher
    const service = buildSync(host, {} as EngineStores, matcher, hooks)
    const onImported = (service as unknown as { options: { onImported(e: KnowledgeEntry[]): void } }).options
      .onImported
    const arrivals = [
      ...Array.from({ length: 500 }, (_, i) => entry(`kb-a-${i}`, 'alpha')),
      entry('kb-b-0', 'beta'),
      entry('kb-a-last', 'alpha')
    ]
    onImported(arrivals)
    expect(indexed).toHaveLength(502)
    expect(events).toEqual([
      expect.objectContaining({ team: 'alpha', entryId: 'kb-a-last' }),
      expect.objectContaining({ team: 'beta', entryId: 'kb-b-0' })
    ])
  })
})
