/**
 * The review queue of sync conflicts: every losing version kept under `conflicts/` in the team's synced tree, so every
 * replica shows the same conflicts, whichever desktop resolved them. A person's decision (keep the winner, or restore
 * the loser) is a file of the same name under `resolved/`: synced like the rest, it takes the conflict out of every
 * replica's queue.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { parseEntryFile, type SyncedEntry } from './entryFile'
import { mainRef, type GitStore } from './gitStore'
import { folderFiles, readTeamTree, writeFolder, writeTeamTree } from './teamTree'
import { sameContent } from './versionPair'

export interface SyncConflict {
  id: string
  /** The conflict record's file name (`<entry file>.<loser blob>.json`): names it when a person decides. */
  key: string
  /** The version that lost (kept in the entry's history too). */
  loser: SyncedEntry
}

export interface ConflictDecision {
  action: 'keep' | 'restore'
  by: string
  at: string
}

/** Conflicts no person has decided on yet, by entry id then the loser's update time. */
export async function listConflicts(store: GitStore, team: string): Promise<SyncConflict[]> {
  const tree = await readTeamTree(store, await store.resolve(mainRef))
  const found: SyncConflict[] = []
  for (const [prefix, folder] of tree.folders.conflicts) {
    const decided = await folderFiles(store, tree.folders.resolved.get(prefix))
    const entries = await folderFiles(store, tree.folders.entries.get(prefix))
    for (const [name, oid] of await folderFiles(store, folder)) {
      if (decided.has(name)) continue
      const loser = parseEntryFile(await store.readText(oid), `conflicts/${prefix}/${name}`, team)
      // Kept before versions that say the same thing stopped being conflicts: nothing for a person to choose.
      const entryName = name.replace(/\.[0-9a-f]{40}\.json$/, '.json')
      const currentOid = entries.get(entryName)
      if (currentOid) {
        const current = parseEntryFile(
          await store.readText(currentOid),
          `entries/${prefix}/${entryName}`,
          team
        )
        if (sameContent(current, loser)) continue
      }
      found.push({ id: loser.id, key: name, loser })
    }
  }
  return found.sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : a.loser.updatedAt.localeCompare(b.loser.updatedAt)
  )
}

/** Records a person's decision on the conflict `key` as a commit on main; NOT_FOUND when it is not waiting. */
export async function decideConflict(
  store: GitStore,
  key: string,
  decision: ConflictDecision,
  when: Date
): Promise<void> {
  const head = await store.resolve(mainRef)
  const tree = await readTeamTree(store, head)
  let found: string | undefined
  for (const [name, folder] of tree.folders.conflicts) {
    if ((await folderFiles(store, folder)).has(key)) found = name
  }
  if (!head || found === undefined) {
    throw new VigilError(ErrorCode.notFound, `No sync conflict ${key} waits for review`)
  }
  const decided = await folderFiles(store, tree.folders.resolved.get(found))
  if (decided.has(key))
    throw new VigilError(ErrorCode.notFound, `The sync conflict ${key} was already decided`)
  decided.set(key, await store.writeText(`${JSON.stringify(decision)}\n`))
  tree.folders.resolved.set(found, await writeFolder(store, decided))
  const root = await writeTeamTree(store, tree)
  const verb = decision.action === 'keep' ? 'kept the winner of' : 'restored the loser of'
  const commit = await store.commitTree(root, [head], `${decision.by} ${verb} conflict ${key}`, when)
  await store.setRef(mainRef, commit)
}
