/**
 * What the full-text index holds of an entry (a document of the searched fields and its status) and what a search
 * gives back (an entry id and its score).
 */
import type { EntryStatus, KnowledgeEntry } from '../../../shared/domain'

/**
 * Symptoms and resolution steps are indexed as one text each (Orama 3.1 scores a `string[]` field by its last
 * element only).
 */
export const schema = {
  status: 'enum',
  title: 'string',
  problem: 'string',
  symptoms: 'string',
  resolution: 'string'
} as const

export type IndexDocument = {
  id: string
  status: EntryStatus
  title: string
  problem: string
  symptoms: string
  resolution: string
}

export const searchedProperties = ['title', 'problem', 'symptoms', 'resolution'] as const

export interface IndexHit {
  id: string
  score: number
  /** The entry's cosine to the query vector (hybrid search, entries with a vector); absent otherwise. */
  cosine?: number
}

export function toDocument(entry: KnowledgeEntry): IndexDocument {
  return {
    id: entry.id,
    status: entry.status,
    title: entry.title,
    problem: entry.problem,
    symptoms: entry.symptoms.join('\n'),
    resolution: entry.resolution.join('\n')
  }
}

export function searchedText(document: IndexDocument): string[] {
  return [document.title, document.problem, document.symptoms, document.resolution]
}
