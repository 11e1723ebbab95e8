/**
 * What one resolved ticket already told an entry. A ticket can resolve more than once (a customer writes again
 * after the resolution, the analysts resolve it again); its evidence must count once however often that happens,
 * so learning asks here before it confirms, corrects, refutes or merges.
 */
import type { KnowledgeEntry, ProvenanceKind } from '../../../shared/domain'

export type TicketEvidence = 'supports' | 'contradicts' | 'none'

/** Provenance kinds by which a ticket counted for an entry (an observation, more confidence). */
const SUPPORTING: ReadonlySet<ProvenanceKind> = new Set(['learned', 'merged', 'confirmed', 'corrected'])
/** Provenance kinds by which a ticket counted against an entry (less confidence, toward retirement). */
const CONTRADICTING: ReadonlySet<ProvenanceKind> = new Set(['refuted', 'retired', 'proposed'])

/**
 * Whether `ticketId` already counted for or against `entry`. The source tickets (the latest 500) and provenance
 * (the latest 100 events) are both consulted; the newest event about the ticket decides.
 */
export function ticketEvidence(entry: KnowledgeEntry, ticketId: string): TicketEvidence {
  const events = entry.provenance ?? []
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index]!
    if (event.ticketId !== ticketId) continue
    if (SUPPORTING.has(event.kind)) return 'supports'
    if (CONTRADICTING.has(event.kind)) return 'contradicts'
  }
  return entry.sourceTicketIds.includes(ticketId) ? 'supports' : 'none'
}
