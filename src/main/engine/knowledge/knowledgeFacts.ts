/**
 * What the statistics need of a team's knowledge (stats/teamStats.ts), answered from its entry catalogue: counts by
 * status, growth per day and the entries of a ticket from memory, and only the entries a card cited read from disk.
 * `factsFromEntries` answers the same from a list of entries (a full read), for a store that has none.
 */
import type { KnowledgeEntry } from '../../../shared/domain'
import { growthKinds, type EntryCatalogue, type GrowthRow } from './entryCatalogue'
import type { TeamKnowledge } from './teamKnowledge'

export type { GrowthRow } from './entryCatalogue'

export interface KnowledgeFacts {
  /** Entries in use (`active`) and drafts. */
  counts: { active: number; draft: number }
  /** Learned, merged, corrected and retired events in the entries' provenance, per UTC day (YYYY-MM-DD), in order. */
  growthByDay: ReadonlyMap<string, GrowthRow>
  /** The current version of an entry (read from disk when asked). */
  entry(id: string): KnowledgeEntry | undefined
  /** Ids of the entries that have `ticketId` among their source tickets. */
  entryIdsOfTicket(ticketId: string): readonly string[]
}

/** The facts of one team of a store, once its catalogue is complete. */
export async function teamFacts(team: TeamKnowledge): Promise<KnowledgeFacts> {
  const catalogue = await team.catalogue.whenComplete()
  const { active, draft } = team.countStatuses()
  return catalogueFacts(catalogue, { active, draft }, (id) => team.get(id))
}

export function catalogueFacts(
  catalogue: EntryCatalogue,
  counts: { active: number; draft: number },
  entry: (id: string) => KnowledgeEntry | undefined
): KnowledgeFacts {
  return {
    counts,
    growthByDay: catalogue.growthByDay(),
    entry,
    entryIdsOfTicket: (ticketId) => catalogue.entriesOfTicket(ticketId)
  }
}

/**
 * The same facts from every entry of the team, read in full and derived without the catalogue: what the catalogue's
 * answers must agree with.
 */
export function factsFromEntries(entries: readonly KnowledgeEntry[]): KnowledgeFacts {
  const byId = new Map(entries.map((entry) => [entry.id, entry]))
  const ofTicket = new Map<string, string[]>()
  const days = new Map<string, GrowthRow>()
  for (const entry of entries) {
    for (const ticketId of new Set(entry.sourceTicketIds))
      ofTicket.set(ticketId, [...(ofTicket.get(ticketId) ?? []), entry.id])
    for (const event of entry.provenance ?? []) {
      const kind = growthKinds.find((name) => name === event.kind)
      if (!kind) continue
      const day = event.at.slice(0, 10)
      const row = days.get(day) ?? { learned: 0, merged: 0, corrected: 0, retired: 0 }
      row[kind] += 1
      days.set(day, row)
    }
  }
  return {
    counts: {
      active: entries.filter((entry) => entry.status === 'active').length,
      draft: entries.filter((entry) => entry.status === 'draft').length
    },
    growthByDay: new Map([...days].sort(([a], [b]) => a.localeCompare(b))),
    entry: (id) => byId.get(id),
    entryIdsOfTicket: (ticketId) => ofTicket.get(ticketId) ?? []
  }
}
