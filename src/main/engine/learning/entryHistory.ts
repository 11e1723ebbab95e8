/** Small helpers for an entry's provenance and bounded lists. */
import type { KnowledgeEntry, ProvenanceEvent } from '../../../shared/domain'

/** Source tickets kept on an entry (the schema's bound); `observations` keeps counting past it. */
export const MAX_SOURCES = 500
const MAX_EVENTS = 100

export function appendProvenance(entry: KnowledgeEntry, event: ProvenanceEvent): ProvenanceEvent[] {
  return [...(entry.provenance ?? []), event].slice(-MAX_EVENTS)
}
