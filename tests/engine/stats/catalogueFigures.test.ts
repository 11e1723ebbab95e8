/**
 * The knowledge figures of the statistics come from each team's entry catalogue (counts, growth per day, entries of a
 * ticket) and read only the entries cards cite (issue 11: at 100k entries a report read every entry). They must agree
 * with a full read of the entries after every kind of change: learned, merged, corrected, retired and restored
 * entries, a sync import, a compaction, and a reopen from the saved catalogue.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { EntryShelf } from '../../../src/main/engine/knowledge/entryShelf'
import { factsFromEntries } from '../../../src/main/engine/knowledge/knowledgeFacts'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { Curator } from '../../../src/main/engine/learning/curator'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { statsRange, teamStats, type StatsSources } from '../../../src/main/engine/stats/teamStats'
import type { KnowledgeEntry, ProvenanceEvent, Suggestion } from '../../../src/shared/domain'
import { byStatus } from '../../../src/shared/entryCounts'
import { makeEntry, makeTempDir, openStore } from '../knowledge/fixtures'

const team = 'cloud-support'
const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 2, n, hour)).toISOString()

let temp: Awaited<ReturnType<typeof makeTempDir>>
let store: KnowledgeStore

beforeEach(async () => {
  temp = await makeTempDir()
  store = await openStore(temp.dir)
})
afterEach(async () => {
  await store.close()
  await temp.remove()
})

/** A card on `ticketId` citing `entryId`, so that precision reads the entry's provenance and the ticket's entries. */
function card(id: string, ticketId: string, entryId: string, n: number): Suggestion {
  return {
    id,
    ticketId,
    team,
    kind: 'answer',
    title: 't',
    text: 't',
    citations: [{ entryId, title: 'Cited title', sourceTicketIds: [], score: 0.5 }],
    confidence: 0.5,
    reason: 'r',
    triggerMessageId: null,
    createdAt: day(n),
    feedback: [{ suggestionId: id, kind: 'adopted', at: day(n, 11) }]
  }
}

const cards = [
  card('S-1', 'T-2', 'kb-a', 3),
  card('S-2', 'T-3', 'kb-a', 4),
  card('S-3', 'T-4', 'kb-b', 5),
  card('S-4', 'T-9', 'kb-c', 6),
  card('S-5', 'T-5', 'kb-gone', 6),
  // Refuted while kb-a has T-1 among its sources; unknown once a synced version of kb-a drops it.
  card('S-6', 'T-1', 'kb-b', 7)
]

function sources(knowledge: StatsSources['knowledge']): StatsSources {
  return { suggestions: cards, events: [], knowledge, gaps: [], teams: [team] }
}

/** The report from the store's catalogue, and the same from every entry read back in full. */
async function bothReports(range = statsRange(undefined, undefined)) {
  const facts = await store.facts(team)
  const fromCatalogue = teamStats(
    sources(() => facts),
    { team, ...range }
  )
  const full = factsFromEntries(store.entries(team))
  const fromFullRead = teamStats(
    sources(() => full),
    { team, ...range }
  )
  return { fromCatalogue, fromFullRead }
}

async function expectAgreement(): Promise<void> {
  for (const range of [statsRange(undefined, undefined), statsRange('2026-03-04', '2026-03-06')]) {
    const { fromCatalogue, fromFullRead } = await bothReports(range)
    expect(fromCatalogue).toEqual(fromFullRead)
  }
  expect(store.countByStatus(team)).toEqual(byStatus(store.entries(team)))
}

const event = (kind: ProvenanceEvent['kind'], n: number, ticketId?: string): ProvenanceEvent => ({
  kind,
  at: day(n),
  ...(ticketId ? { ticketId } : {})
})

function version(
  entry: KnowledgeEntry,
  change: Partial<KnowledgeEntry>,
  added: ProvenanceEvent
): KnowledgeEntry {
  return {
    ...entry,
    ...change,
    version: entry.version + 1,
    updatedAt: added.at,
    provenance: [...(entry.provenance ?? []), added]
  }
}

describe('knowledge figures from the catalogue', () => {
  it('agree with a full read after learn, merge, correct, retire, restore, a sync import, compaction and reopen', async () => {
    // Learned.
    await store.put(
      makeEntry({ id: 'kb-a', sourceTicketIds: ['T-1'], provenance: [event('learned', 2, 'T-1')] })
    )
    await store.put(
      makeEntry({ id: 'kb-b', sourceTicketIds: ['T-6'], provenance: [event('learned', 2, 'T-6')] })
    )
    await expectAgreement()
    // Merged (a second case into kb-a) and confirmed on T-3.
    let a = version(store.get(team, 'kb-a')!, { sourceTicketIds: ['T-1', 'T-2'] }, event('merged', 4, 'T-2'))
    await store.put(a)
    a = version(a, { sourceTicketIds: ['T-1', 'T-2', 'T-3'] }, event('confirmed', 5, 'T-3'))
    await store.put(a)
    await expectAgreement()
    // Corrected on T-4: the card on T-4 citing kb-b is refuted.
    await store.put(version(store.get(team, 'kb-b')!, { title: 'Fixed title' }, event('corrected', 5, 'T-4')))
    // A case learned as an entry of its own: the card on T-9 citing kb-c is refuted by it.
    await store.put(makeEntry({ id: 'kb-c', sourceTicketIds: ['T-8'], provenance: [event('learned', 5)] }))
    await store.put(
      makeEntry({ id: 'kb-d', sourceTicketIds: ['T-9'], provenance: [event('learned', 6, 'T-9')] })
    )
    await expectAgreement()

    // Retired and restored by hand (the curator writes the provenance), and a draft a reviewer refused.
    const curator = new Curator(store, new EntryMatcher())
    await curator.setStatus(team, 'kb-c', { action: 'retire', note: 'obsolete' }, 'ana', new Date(day(6)))
    await expectAgreement()
    await curator.setStatus(team, 'kb-c', { action: 'restore' }, 'ana', new Date(day(7)))
    await curator.setStatus(team, 'kb-d', { action: 'retire' }, 'ana', new Date(day(7)))
    await store.put(makeEntry({ id: 'kb-draft', status: 'retired', review: 'rejected', sourceTicketIds: [] }))
    await store.put(makeEntry({ id: 'kb-wait', status: 'draft', review: 'pending', sourceTicketIds: [] }))
    await expectAgreement()

    // A sync import: new entries, and a newer version of kb-a from elsewhere that drops a source ticket.
    const imported = Array.from({ length: 30 }, (_, i) =>
      makeEntry({
        id: `kb-sync-${i}`,
        sourceTicketIds: [`S-${i}`, 'T-2'],
        provenance: [event('learned', 3 + (i % 5)), ...(i % 4 === 0 ? [event('retired', 8)] : [])],
        ...(i % 4 === 0 ? { status: 'retired' as const } : {})
      })
    )
    const elsewhere = version(
      store.get(team, 'kb-a')!,
      { sourceTicketIds: ['T-3'] },
      event('merged', 8, 'T-3')
    )
    await store.putFromSync([...imported, elsewhere])
    await expectAgreement()

    const before = await bothReports()
    expect(before.fromCatalogue.knowledge).toMatchObject({
      learned: 34,
      merged: 2,
      corrected: 1,
      retired: 10
    })
    expect(before.fromCatalogue.precisionByKind.answer).toEqual({ confirmed: 2, refuted: 2, precision: 0.5 })

    // Compacted (the catalogue saved over the new snapshot), then more writes in the log, then reopened.
    await store.compact(team)
    await store.put(version(store.get(team, 'kb-b')!, {}, event('retired', 9)))
    await store.close()
    store = await openStore(temp.dir)
    await expectAgreement()
  })
})

describe('a large team reads only what a report needs', () => {
  let parsed: MockInstance

  afterEach(() => parsed.mockRestore())

  it('restores the catalogue from catalogue.bin and reads only the cited entries', async () => {
    const entries = Array.from({ length: 1200 }, (_, i) =>
      makeEntry({
        id: `kb-${i}`,
        sourceTicketIds: [`T-${i}`],
        provenance: [event('learned', 1 + (i % 20), `T-${i}`)]
      })
    )
    await store.putFromSync(entries)
    await store.compact(team)
    await store.close()
    store = await openStore(temp.dir)
    parsed = vi.spyOn(EntryShelf.prototype as unknown as { parse: () => unknown }, 'parse')
    const facts = await store.facts(team)
    const report = teamStats(
      sources(() => facts),
      { team, ...statsRange(undefined, undefined) }
    )
    expect(report.knowledge.learned).toBe(1200)
    expect(report.knowledge.entries).toBe(1200)
    // Only entries a card cites (kb-a, kb-b, kb-c, kb-gone: none of them here) and nothing else.
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(cards.length)
    expect(report).toEqual(
      teamStats(
        sources(() => factsFromEntries(store.entries(team))),
        { team, ...statsRange(undefined, undefined) }
      )
    )
  })
})
