/** The part of the KnowledgeStore that retrieval and learning read and write through. */
import type { EntryCounters, EntryStatus, KnowledgeEntry } from '../../../shared/domain'

export interface KnowledgeSource {
  entries(team: string, filter?: { statuses?: EntryStatus[] }): KnowledgeEntry[]
  get(team: string, id: string): KnowledgeEntry | undefined
  search(
    team: string,
    query: string,
    options: { limit: number; statuses?: EntryStatus[] }
  ): Promise<Array<{ entry: KnowledgeEntry; score: number }>>
  put(entry: KnowledgeEntry): Promise<void>
  bumpCounters(team: string, id: string, delta: Partial<EntryCounters>): Promise<KnowledgeEntry>
}
