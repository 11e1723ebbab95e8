/**
 * Turns the team's approved entries in the local KnowledgeStore into a commit on top of the last synced one. Only
 * the entries put since the last scan are looked at (the store counts its changes; entries that came from sync are
 * not changes), so a sync of a 20k-entry team reads back what changed, not 20k entries; the first scan in a process
 * reads them all and only folders whose computed tree id differs are read or written. An entry the store no longer
 * shares (now a draft awaiting review) keeps its last synced file: absence never deletes.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import type { ChangeMark, KnowledgeStore } from '../knowledge/knowledgeStore'
import { fileNameForId, isShareable, parseEntryFile, prefixOf, serializeEntry } from './entryFile'
import { blobOid, encodeTree, type GitStore } from './gitStore'
import { folderFiles, writeFolder, type TeamTree } from './teamTree'
import { resolvePair } from './versionPair'

interface LocalFile {
  oid: string
  text: string
  entry: KnowledgeEntry
}

export interface LocalState {
  tree: TeamTree
  /** Entry files that differ from the last synced tree (new or changed locally). */
  changed: number
  /** The moment of the store these changes run to: pass it as `since` next time, with the tree committed. */
  mark: ChangeMark
  /** Entries read from the store and compared (all of them without `since`). */
  looked: number
}

/**
 * The tree of `last` with this desktop's changed entries written in. With `since` (the mark of the scan that made
 * `last`), only the entries put since are read; without, every entry (after a restart, or when `last` came from
 * elsewhere).
 */
export async function localState(
  store: GitStore,
  knowledge: KnowledgeStore,
  team: string,
  last: TeamTree,
  since?: ChangeMark
): Promise<LocalState> {
  const changes = knowledge.changes(team, since)
  const groups = new Map<string, Map<string, LocalFile>>()
  for (const entry of changes.entries) {
    if (!isShareable(entry)) continue
    const name = fileNameForId(entry.id)
    const { text, oid } = fileOf(entry)
    const prefix = prefixOf(name)
    let group = groups.get(prefix)
    if (!group) groups.set(prefix, (group = new Map()))
    group.set(name, { oid, text, entry })
  }
  const entries = new Map(last.folders.entries)
  let changed = 0
  for (const [prefix, group] of groups) {
    const lastOid = last.folders.entries.get(prefix)
    if (changes.complete) {
      // Every entry of the folder is here: an unchanged folder is recognised by its id alone.
      const fresh = encodeTree(
        [...group].map(([name, file]) => ({ name, oid: file.oid, mode: '100644' }))
      ).oid
      if (fresh === lastOid) continue
    }
    const files = await folderFiles(store, lastOid)
    let folderChanged = false
    for (const [name, file] of group) {
      const synced = files.get(name)
      if (synced === file.oid) continue
      // The store can be behind the synced file (an import interrupted): never send an older version back.
      if (synced) {
        const path = `entries/${prefix}/${name}`
        const old = parseEntryFile(await store.readText(synced), path, team)
        if (resolvePair(old, file.entry).entry === old) continue
      }
      files.set(name, await store.writeText(file.text))
      changed += 1
      folderChanged = true
    }
    if (folderChanged) entries.set(prefix, await writeFolder(store, files))
  }
  return {
    tree: { ...last, folders: { ...last.folders, entries } },
    changed,
    mark: changes.mark,
    looked: changes.entries.length
  }
}

/** Stored entries are replaced, never changed in place: each one's file text and blob id are computed once. */
const files = new WeakMap<KnowledgeEntry, { text: string; oid: string }>()

function fileOf(entry: KnowledgeEntry): { text: string; oid: string } {
  let file = files.get(entry)
  if (file === undefined) {
    const text = serializeEntry(entry)
    files.set(entry, (file = { text, oid: blobOid(text) }))
  }
  return file
}
