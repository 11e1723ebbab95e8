/**
 * The two-way merge of two team trees, entry by entry. Entries are never deleted (retiring is a status), so no merge
 * base is needed to decide what to keep: a file on one side only is kept, a file both sides changed goes to the
 * pair rule (versionPair.ts): versions that say the same thing are combined, a version that continues the other's
 * history is an update, and only a difference of content is a conflict. The base (the last synced tree) also tells a
 * conflict from an update (one side changed the entry); each real conflict's loser is added under `conflicts/` so
 * every replica shows it for review.
 */
import { parseEntryFile, serializeEntry } from './entryFile'
import type { GitStore } from './gitStore'
import { folderFiles, writeFolder, type Section, type TeamTree } from './teamTree'
import { resolvePair } from './versionPair'

export interface MergeResult {
  tree: TeamTree
  /** Conflicts resolved in this merge. */
  conflicts: number
}

export async function mergeTrees(
  store: GitStore,
  team: string,
  ours: TeamTree,
  theirs: TeamTree,
  base: TeamTree
): Promise<MergeResult> {
  const entries = new Map(ours.folders.entries)
  const conflicts = new Map(ours.folders.conflicts)
  let conflictCount = 0
  for (const [prefix, theirFolder] of theirs.folders.entries) {
    const ourFolder = entries.get(prefix)
    if (ourFolder === theirFolder) continue
    if (!ourFolder) {
      entries.set(prefix, theirFolder)
      continue
    }
    const mine = await folderFiles(store, ourFolder)
    const merged = new Map(mine)
    const losers = new Map<string, string>()
    const baseFiles = await folderFiles(store, base.folders.entries.get(prefix))
    for (const [name, theirOid] of await folderFiles(store, theirFolder)) {
      const ourOid = mine.get(name)
      if (ourOid === theirOid) continue
      if (!ourOid) {
        merged.set(name, theirOid)
        continue
      }
      const path = `entries/${prefix}/${name}`
      const a = parseEntryFile(await store.readText(ourOid), path, team)
      const b = parseEntryFile(await store.readText(theirOid), path, team)
      const outcome = resolvePair(a, b)
      const winnerOid =
        outcome.entry === a
          ? ourOid
          : outcome.entry === b
            ? theirOid
            : await store.writeText(serializeEntry(outcome.entry))
      merged.set(name, winnerOid)
      const baseOid = baseFiles.get(name)
      if (outcome.kind === 'conflict' && baseOid !== ourOid && baseOid !== theirOid) {
        const loserOid = outcome.loser === a ? ourOid : theirOid
        losers.set(`${name.replace(/\.json$/, '')}.${loserOid}.json`, loserOid)
        conflictCount += 1
      }
    }
    entries.set(prefix, await writeFolder(store, merged))
    if (losers.size > 0) {
      const folder = await folderFiles(store, conflicts.get(prefix))
      for (const [name, oid] of losers) folder.set(name, oid)
      conflicts.set(prefix, await writeFolder(store, folder))
    }
  }
  // Conflict records and the decisions on them only accumulate: the union of both sides.
  await unite(store, conflicts, theirs.folders.conflicts)
  const resolved = new Map(ours.folders.resolved)
  await unite(store, resolved, theirs.folders.resolved)
  return {
    tree: { teamFile: ours.teamFile ?? theirs.teamFile, folders: { entries, conflicts, resolved } },
    conflicts: conflictCount
  }
}

/** Adds every file of `theirs` into `ours` (folder by folder; equal folders are not read). */
async function unite(store: GitStore, ours: Map<string, string>, theirs: Map<string, string>): Promise<void> {
  for (const [prefix, theirFolder] of theirs) {
    const ourFolder = ours.get(prefix)
    if (ourFolder === theirFolder) continue
    const union = await folderFiles(store, ourFolder)
    for (const [name, oid] of await folderFiles(store, theirFolder)) union.set(name, oid)
    ours.set(prefix, await writeFolder(store, union))
  }
}

/** Files of `section` in `next` that `previous` lacks or holds differently: [folder, name, blob id]. */
export async function changedFiles(
  store: GitStore,
  section: Section,
  previous: TeamTree,
  next: TeamTree
): Promise<Array<[string, string, string]>> {
  const changed: Array<[string, string, string]> = []
  for (const [prefix, folder] of next.folders[section]) {
    const before = previous.folders[section].get(prefix)
    if (before === folder) continue
    const old = await folderFiles(store, before)
    for (const [name, oid] of await folderFiles(store, folder)) {
      if (old.get(name) !== oid) changed.push([prefix, name, oid])
    }
  }
  return changed
}
