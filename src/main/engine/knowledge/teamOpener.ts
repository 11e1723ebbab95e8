/**
 * Opens one team folder for the store: the entries' locations (not the entries) and what the search index starts
 * from. Like teamLoader, it never writes anything.
 *
 * Fast path: `index.bin` names the snapshot it was built from (size and CRC-32); when the snapshot still matches, the
 * entries' locations and the index come from it, and only the log (the changes since the snapshot) is read and
 * validated. Otherwise (no index, a damaged one, one of another format, or one built from another snapshot) every
 * file is read and validated as teamLoader does, the index is rebuilt from the entries, and `rebuildReason` says why.
 */
import { open, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { KnowledgeEntry } from '../../../shared/domain'
import { catalogueFileName, readCatalogueFile } from './catalogueFile'
import { EntryCatalogue } from './entryCatalogue'
import { EntryShelf } from './entryShelf'
import {
  indexFileName,
  readIndexFile,
  sameSnapshot,
  type SavedIndex,
  type SnapshotFingerprint
} from './indexFile'
import type { IndexChange } from './knowledgeIndex'
import { logFileName, metaFileName, snapshotFileName } from './records'
import {
  loadTeamFolder,
  locationOf,
  readMeta,
  readTeamLog,
  type LoadProblem,
  type LogState
} from './teamLoader'

export interface OpenedTeam extends LogState {
  folder: string
  team: string
  problem: LoadProblem | null
  shelf: EntryShelf
  /** The saved index to load, when it matches the snapshot. */
  saved: SavedIndex | null
  /** With `saved`: the log's changes, to replay onto it. Without: every entry, to build the index from. */
  changes: IndexChange[]
  /** Why the index was rebuilt instead of loaded; null when loaded, or when there is no snapshot to index yet. */
  rebuildReason: string | null
  /** Size and CRC-32 of the snapshot as opened; null when there is none, undefined when it was not read. */
  snapshot?: SnapshotFingerprint | null
  /**
   * The entry catalogue built from the entries when every file was read; null when only the log was (it is then
   * restored from `catalogue.bin`, or built from the shelf: see teamCatalogue.ts and `restoredCatalogue`).
   */
  catalogue: EntryCatalogue | null
}

export async function openTeamFolder(root: string, folder: string): Promise<OpenedTeam | null> {
  const folderPath = join(root, folder)
  const shelf = new EntryShelf(folderPath)
  const fast = await openFromIndex(root, folder, shelf)
  if ('opened' in fast) return fast.opened
  const loaded = await loadTeamFolder(root, folder)
  if (!loaded) return null
  for (const [id, entry] of loaded.entries) {
    shelf.place(id, entry.status, loaded.locations.get(id)!)
    if (loaded.countersAfter.has(id)) shelf.setCounters(id, entry.counters)
  }
  return {
    folder,
    team: loaded.team,
    problem: loaded.problem,
    logRecords: loaded.logRecords,
    logSize: loaded.logSize,
    logNeedsNewline: loaded.logNeedsNewline,
    tornTail: loaded.tornTail,
    shelf,
    saved: null,
    changes: [...loaded.entries.values()].map((entry) => ({ entry })),
    catalogue: EntryCatalogue.from(loaded.entries.values()),
    rebuildReason: fast.reason,
    ...(fast.snapshot === undefined ? {} : { snapshot: fast.snapshot })
  }
}

/** The team from its saved index, or why that cannot be used (null: nothing to say, e.g. no snapshot yet). */
async function openFromIndex(
  root: string,
  folder: string,
  shelf: EntryShelf
): Promise<{ opened: OpenedTeam } | { reason: string | null; snapshot?: SnapshotFingerprint | null }> {
  const folderPath = join(root, folder)
  const meta = await readMeta(join(folderPath, metaFileName))
  // Missing or unreadable team.json: the full load names the problem.
  if (meta.kind !== 'ok') return { reason: null }
  const saved = await readIndexFile(join(folderPath, indexFileName))
  const snapshot = await fingerprint(join(folderPath, snapshotFileName))
  if ('unusable' in saved) {
    if (saved.unusable === 'missing' && snapshot === null) return { reason: null, snapshot }
    return { reason: `${indexFileName} ${saved.unusable}`, snapshot }
  }
  if (!snapshot || snapshot.size !== saved.snapshot.size || snapshot.crc32 !== saved.snapshot.crc32)
    return { reason: `${indexFileName} was built from another ${snapshotFileName}`, snapshot }

  try {
    shelf.adoptSnapshot(saved.directory)
  } catch (error) {
    return { reason: `${indexFileName} ${(error as Error).message}`, snapshot }
  }
  const opened: OpenedTeam = {
    folder,
    team: meta.team,
    problem: null,
    logRecords: 0,
    logSize: 0,
    logNeedsNewline: false,
    tornTail: null,
    shelf,
    saved,
    changes: [],
    rebuildReason: null,
    snapshot,
    catalogue: null
  }
  const logError = await readTeamLog(folderPath, opened, (record, line) => {
    if (record.op === 'counters') {
      if (!shelf.has(record.id)) return `counters for unknown entry ${record.id}`
      shelf.setCounters(record.id, record.counters)
      return null
    }
    const entry: KnowledgeEntry = record.entry
    if (entry.team !== meta.team) return `entry ${entry.id} belongs to team "${entry.team}"`
    const previous = shelf.has(entry.id) ? shelf.get(entry.id) : undefined
    shelf.place(entry.id, entry.status, locationOf('log', line), entry)
    opened.changes.push({ entry, previous })
    return null
  })
  if (logError) {
    opened.problem = {
      file: join(folderPath, logFileName),
      message: `${basename(root)}/${folder}/${logFileName}${logError}`
    }
  }
  return { opened }
}

/**
 * The saved catalogue when it was built over this snapshot, with the log's entries noted on top; else null. Restored
 * whole, at once (for a reader such as `vigil stats`; the store restores it in the background: teamCatalogue.ts).
 */
export async function restoredCatalogue(
  folderPath: string,
  snapshot: SnapshotFingerprint,
  changes: readonly IndexChange[],
  entries: number
): Promise<EntryCatalogue | null> {
  const saved = await readCatalogueFile(join(folderPath, catalogueFileName))
  if ('unusable' in saved || !sameSnapshot(saved.snapshot, snapshot)) return null
  let catalogue: EntryCatalogue
  try {
    catalogue = EntryCatalogue.fromColumns(saved.columns)
  } catch {
    return null
  }
  for (const { entry } of changes) catalogue.note(entry)
  // Never believed when it does not list exactly the entries there are (it is then built again).
  return catalogue.size === entries ? catalogue : null
}

/** Size and CRC-32 of a file, read in 4 MiB chunks; null when it does not exist. */
export async function fingerprint(path: string): Promise<SnapshotFingerprint | null> {
  const info = await stat(path).catch(() => null)
  if (!info) return null
  const handle = await open(path, 'r')
  try {
    const chunk = Buffer.allocUnsafe(4 << 20)
    let checksum = 0
    let size = 0
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, size)
      if (bytesRead === 0) break
      checksum = crc32(chunk.subarray(0, bytesRead), checksum)
      size += bytesRead
    }
    return { size, crc32: checksum >>> 0 }
  } finally {
    await handle.close()
  }
}
