/**
 * The review queue of sync conflicts: every losing version kept under `conflicts/` in the team's synced tree, so every
 * replica shows the same conflicts, whichever desktop resolved them.
 */
import { parseEntryFile, type SyncedEntry } from './entryFile'
import { mainRef, type GitStore } from './gitStore'
import { folderFiles, readTeamTree } from './teamTree'

export interface SyncConflict {
  id: string
  /** The version that lost (kept in the entry's history too). */
  loser: SyncedEntry
}

export async function listConflicts(store: GitStore, team: string): Promise<SyncConflict[]> {
  const tree = await readTeamTree(store, await store.resolve(mainRef))
  const found: SyncConflict[] = []
  for (const [prefix, folder] of tree.folders.conflicts) {
    for (const [name, oid] of await folderFiles(store, folder)) {
      const loser = parseEntryFile(await store.readText(oid), `conflicts/${prefix}/${name}`, team)
      found.push({ id: loser.id, loser })
    }
  }
  return found.sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : a.loser.updatedAt.localeCompare(b.loser.updatedAt)
  )
}
