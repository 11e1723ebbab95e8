/**
 * The running engine's team knowledge sync (sync/syncService.ts), built with the other parts: entries a sync writes
 * are indexed for retrieval and announced to the renderer, and each sync's progress shows in the status line.
 */
import type { EngineHost } from '../host'
import type { EntryMatcher } from '../retrieval/entryMatcher'
import { SyncService } from '../sync/syncService'
import type { PartHooks } from './buildParts'
import type { EngineStores } from './openStores'

export function buildSync(
  host: EngineHost,
  stores: EngineStores,
  matcher: EntryMatcher,
  hooks: PartHooks
): SyncService {
  return new SyncService({
    dataDir: host.paths.dataDir,
    knowledge: stores.knowledge,
    secrets: host.secrets,
    clock: host.clock,
    logger: host.logger,
    onImported: (entries) => {
      for (const entry of entries) {
        matcher.index(entry)
        hooks.emit('knowledge.changed', { team: entry.team, entryId: entry.id, change: 'updated' })
      }
    },
    onStatus: () => hooks.statusChanged()
  })
}
