/**
 * Brings a merged tree's changes into the local KnowledgeStore. An incoming entry replaces the local one unless the
 * local one holds it by the pair rule (versionPair.ts), keeps the local counters (those are this analyst's use, never
 * synced), and the version it replaces stays in the entry's history. Local drafts that beat the incoming file are left alone. Every entry is
 * validated before anything is written: one invalid file stops the import and changes nothing.
 */
import { emptyCounters, type KnowledgeEntry } from '../../../shared/domain'
import type { KnowledgeStore } from '../knowledge/knowledgeStore'
import { parseEntryFile, type SyncedEntry } from './entryFile'
import type { GitStore } from './gitStore'
import { changedFiles } from './merge'
import type { TeamTree } from './teamTree'
import { resolvePair } from './versionPair'

export interface ImportResult {
  /** Entry files that came in (differ from what this replica had). */
  received: number
  /** Of those, written into the local store. */
  merged: number
  /** Of those written, entries this desktop did not have at all (the rest replaced an older local version). */
  added: number
  /** Losing versions of conflicts newly kept in history for review. */
  conflicts: number
  /** Ids of the entries written, with who learned them (the latest provenance `by`), for the status line. */
  incoming: Array<{ id: string; title: string; by?: string }>
}

export async function importTree(
  store: GitStore,
  knowledge: KnowledgeStore,
  team: string,
  ours: TeamTree,
  merged: TeamTree
): Promise<ImportResult> {
  const read =
    (section: string) =>
    async ([prefix, name, oid]: [string, string, string]) =>
      parseEntryFile(await store.readText(oid), `${section}/${prefix}/${name}`, team)
  const incoming = await mapLimited(await changedFiles(store, 'entries', ours, merged), read('entries'))
  const losers = await mapLimited(await changedFiles(store, 'conflicts', ours, merged), read('conflicts'))
  const puts: KnowledgeEntry[] = []
  const kept: KnowledgeEntry[] = []
  const replaced = new Set<string>()
  const result: ImportResult = {
    received: incoming.length,
    merged: 0,
    added: 0,
    conflicts: losers.length,
    incoming: []
  }
  for (const entry of incoming) {
    const local = knowledge.get(team, entry.id)
    // The pair rule, as in the merge: a local version that holds everything the incoming one says stays.
    const outcome = local ? resolvePair(local, entry) : undefined
    if (local && outcome!.entry === local) continue
    const taken = outcome?.entry ?? entry
    // put keeps the replaced version in history when the version number changes; same-number losers are kept here.
    if (local && outcome!.kind === 'conflict' && local.version === taken.version) kept.push(local)
    if (local) replaced.add(key(local))
    puts.push({ ...taken, counters: local?.counters ?? emptyCounters() })
    result.merged += 1
    if (!local) result.added += 1
    result.incoming.push({
      id: entry.id,
      title: entry.title,
      by: entry.provenance?.findLast((event) => event.by)?.by
    })
  }
  for (const loser of losers) {
    if (replaced.has(key(loser))) continue
    kept.push({ ...loser, counters: emptyCounters() })
  }
  // One history write and one batch of entries (the store syncs the disk once for all); parseEntryFile validated each.
  await knowledge.putFromSync(puts, kept, { validated: true })
  return result
}

const key = (entry: SyncedEntry): string => `${entry.id}\u0000${entry.version}\u0000${entry.updatedAt}`

/** Reads overlap their file-system waits, 32 at a time (a first clone reads every entry). */
async function mapLimited<T, R>(items: T[], work: (item: T) => Promise<R>, limit = 32): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
