/**
 * Opens a team's search index at start: the saved `index.bin` with the log's changes replayed onto it, or one built
 * from every entry when there is none to load; with an embedding model, the entries' vectors restored from
 * `vectors.bin` when it matches (model, dimensions, snapshot), else derived again (and said, with why). Later, a
 * model given to the open index (`switchEmbedder`) starts from the saved vectors the same way.
 */
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../shared/domain'
import type { Logger } from '../host'
import { sameSnapshot, type SnapshotFingerprint } from './indexFile'
import { KnowledgeIndex } from './knowledgeIndex'
import type { KnowledgeStamp } from './knowledgeStamp'
import type { OpenedTeam } from './teamOpener'
import type { EntryEmbedder } from './vectors/entryEmbedder'
import { readVectorFile, vectorFileName, type SavedVectors } from './vectors/vectorFile'

export interface OpenedIndex {
  index: KnowledgeIndex
  /** Why the entries' vectors were derived again instead of loaded (save them at once), or null. */
  vectorsRebuilt: string | null
}

/** The team's index as it opens; said in `report.logger`: vectors derived again (and why), entries without one. */
export async function openSearchIndex(
  opened: OpenedTeam | null,
  folderPath: string,
  embedder: EntryEmbedder | undefined,
  entry: (id: string) => KnowledgeEntry | undefined,
  report: { logger: Logger; team: string }
): Promise<OpenedIndex> {
  const result = await openIndex(opened, folderPath, embedder, entry)
  const { index, vectorsRebuilt } = result
  if (vectorsRebuilt !== null)
    report.logger.warn('knowledge: entry vectors derived again from the entries', {
      team: report.team,
      file: join(folderPath, vectorFileName),
      reason: vectorsRebuilt
    })
  if (index.vectorProblem)
    report.logger.error('knowledge: some entries could not be embedded', {
      team: report.team,
      entries: index.entriesWithoutVector,
      error: index.vectorProblem
    })
  return result
}

async function openIndex(
  opened: OpenedTeam | null,
  folderPath: string,
  embedder: EntryEmbedder | undefined,
  entry: (id: string) => KnowledgeEntry | undefined
): Promise<OpenedIndex> {
  const changes = opened?.changes ?? []
  if (!embedder || !opened?.saved) {
    const vectors = embedder ? { embedder } : undefined
    const index = opened?.saved
      ? await KnowledgeIndex.load(opened.saved.orama, changes)
      : await KnowledgeIndex.build(
          changes.map((change) => change.entry),
          vectors
        )
    return { index, vectorsRebuilt: null }
  }
  const file = await readVectorFile(join(folderPath, vectorFileName))
  let reason: string | null = null
  if ('unusable' in file) reason = `${vectorFileName} ${file.unusable}`
  else if (file.model !== embedder.model || file.dimensions !== embedder.dimensions)
    reason = `${vectorFileName} holds vectors of model "${file.model}" (${file.dimensions} dimensions), not "${embedder.model}" (${embedder.dimensions})`
  else if (!sameSnapshot(file.snapshot, opened.saved.snapshot))
    reason = `${vectorFileName} was built from another snapshot`
  const index = await KnowledgeIndex.load(opened.saved.orama, changes, {
    embedder,
    saved: reason === null ? (file as Exclude<typeof file, { unusable: string }>) : null,
    entry
  })
  return { index, vectorsRebuilt: reason }
}

/** The saved vectors when they are of `embedder` (model and dimensions) over `snapshot`; else null. */
export async function savedVectorsFor(
  folderPath: string,
  embedder: EntryEmbedder,
  snapshot: SnapshotFingerprint | null
): Promise<SavedVectors | null> {
  const file = await readVectorFile(join(folderPath, vectorFileName))
  return !('unusable' in file) &&
    file.model === embedder.model &&
    file.dimensions === embedder.dimensions &&
    sameSnapshot(file.snapshot, snapshot)
    ? file
    : null
}

/**
 * Gives a team's open index `embedder` (null: none): the vectors saved for that model over the team's snapshot are
 * restored, except for entries written to the log since (`loggedIds`), and the other entries embedded. Null when
 * `current` says another switch superseded this one before it began; else whether saved vectors were restored (when
 * not, the caller saves them at once so that the next start restores them). Throws when the model fails.
 */
export async function switchEmbedder(
  index: KnowledgeIndex,
  embedder: EntryEmbedder | null,
  team: {
    folderPath: string
    stamp: KnowledgeStamp | null
    loggedIds: () => readonly string[]
    entry: (id: string) => KnowledgeEntry | undefined
    current: () => boolean
  }
): Promise<{ restored: boolean } | null> {
  const saved =
    embedder && team.stamp ? await savedVectorsFor(team.folderPath, embedder, team.stamp.snapshot) : null
  if (!team.current()) return null
  const logged = new Set(saved ? team.loggedIds() : [])
  await index.useEmbedder(embedder, { saved, restorable: (id) => !logged.has(id), entry: team.entry })
  return { restored: saved !== null }
}
