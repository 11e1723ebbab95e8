/** The part of the KnowledgeStore that retrieval and learning read and write through. */
import type { EntryCounters, EntryStatus, KnowledgeEntry } from '../../../shared/domain'

export interface KnowledgeSource {
  entries(team: string, filter?: { statuses?: EntryStatus[] }): KnowledgeEntry[]
  get(team: string, id: string): KnowledgeEntry | undefined
  search(
    team: string,
    query: string,
    /** `best`: hybrid (full text and the model's vectors) where the store can, full text otherwise. */
    options: { limit: number; statuses?: EntryStatus[]; mode?: 'fulltext' | 'best' }
  ): Promise<Array<{ entry: KnowledgeEntry; score: number; cosine?: number }>>
  put(entry: KnowledgeEntry): Promise<void>
  bumpCounters(team: string, id: string, delta: Partial<EntryCounters>, key?: string): Promise<KnowledgeEntry>
}
