/**
 * Opens a team's search index at start: the saved `index.bin` with the log's changes replayed onto it, or one built
 * from every entry when there is none to load; with an embedding model, the entries' vectors restored from
 * `vectors.bin` when it matches (model, dimensions, snapshot), else derived again (and said, with why).
 */
import { join } from 'node:path'
import type { KnowledgeEntry } from '../../../shared/domain'
import { sameSnapshot, type SnapshotFingerprint } from './indexFile'
import { KnowledgeIndex } from './knowledgeIndex'
import type { OpenedTeam } from './teamOpener'
import type { EntryEmbedder } from './vectors/entryEmbedder'
import { readVectorFile, vectorFileName, type SavedVectors } from './vectors/vectorFile'

export interface OpenedIndex {
  index: KnowledgeIndex
  /** Why the entries' vectors were derived again instead of loaded (save them at once), or null. */
  vectorsRebuilt: string | null
}

export async function openSearchIndex(
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
