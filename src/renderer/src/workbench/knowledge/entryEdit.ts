import type { RouteInput } from '../../../../shared/contract'
import type { KnowledgeEntry } from '../../../../shared/domain'

/** What an analyst may change in an entry through `knowledge.review`. */
export type EntryEdit = NonNullable<RouteInput<'knowledge.review'>['edit']>

/** Only the fields that differ from the entry, so an edit never rewrites what the analyst left alone. */
export function changedFields(
  entry: KnowledgeEntry,
  next: Required<Pick<EntryEdit, 'title' | 'problem' | 'resolution'>>
): EntryEdit {
  const edit: EntryEdit = {}
  if (next.title !== entry.title) edit.title = next.title
  if (next.problem !== entry.problem) edit.problem = next.problem
  if (JSON.stringify(next.resolution) !== JSON.stringify(entry.resolution)) edit.resolution = next.resolution
  return edit
}
