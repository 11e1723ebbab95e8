/**
 * The running engine's team knowledge sync (sync/syncService.ts), built with the other parts: entries a sync writes
 * are indexed for retrieval and announced to the renderer (once per team and sync, not once per entry: a first clone
 * of 20k entries would otherwise make every open workbench reload its knowledge list 20k times), and each sync's
 * progress shows in the status line.
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
    // Sync times (arrivals, failures, decisions on conflicts) are read beside the tickets': the engine's clock.
    clock: hooks.clock ?? host.clock,
    logger: host.logger,
    onImported: (entries) => {
      for (const entry of entries) matcher.index(entry)
      for (const entry of lastEntryPerTeam(entries)) {
        hooks.emit('knowledge.changed', { team: entry.team, entryId: entry.id, change: 'updated' })
      }
    },
    onStatus: () => hooks.statusChanged()
  })
}

/** One entry per team, the last one the sync wrote, in the order teams first appear. */
export function lastEntryPerTeam<T extends { team: string }>(entries: readonly T[]): T[] {
  const last = new Map<string, T>()
  for (const entry of entries) last.set(entry.team, entry)
  return [...last.values()]
}
