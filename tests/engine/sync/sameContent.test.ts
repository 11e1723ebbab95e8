/**
 * Two desktops that learned one entry from the same ticket: their versions say the same thing (title, steps, status)
 * and differ only in the cases each has seen since. That is not a conflict for a person: the versions are merged the
 * same way on every replica (the evidence of both, each ticket counted once), and the review queue stays empty. Only
 * a difference of content is a conflict. Checked with two and three replicas exchanging bundles in either order.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KnowledgeEntry, ProvenanceEvent } from '../../../src/shared/domain'
import { serializeEntry } from '../../../src/main/engine/sync/entryFile'
import { resolvePair } from '../../../src/main/engine/sync/versionPair'
import { useTempDirs } from '../../helpers/tempDir'
import { desktop, learned, type Desktop } from './syncFixtures'

const tempDir = useTempDirs()
const team = 'cloud-support'

const learnedOn: ProvenanceEvent = {
  kind: 'learned',
  at: '2026-03-02T09:15:00.000Z',
  ticketId: 'NIM-1002',
  by: 'Priya'
}
const confirmedOn = (ticketId: string, at: string, by = 'Jonas'): ProvenanceEvent => ({
  kind: 'confirmed',
  at,
  ticketId,
  by
})

/** The entry as learned from NIM-1002, then confirmed on the given tickets, as case review writes it. */
function seen(...confirmations: ProvenanceEvent[]): KnowledgeEntry {
  let entry = learned('kb-NIM-1002', {
    title: 'Nightly sync job failing with HTTP 429',
    resolution: ['Spread the jobs over the hour.', 'Retry after the Retry-After header.'],
    sourceTicketIds: ['NIM-1002'],
    observations: 1,
    confidence: 0.5,
    provenance: [learnedOn]
  })
  for (const event of confirmations) {
    const confidence = entry.confidence ?? 0.5
    entry = {
      ...entry,
      version: entry.version + 1,
      updatedAt: event.at,
      sourceTicketIds: [...entry.sourceTicketIds, event.ticketId!],
      observations: (entry.observations ?? 1) + 1,
      confidence: Math.round((confidence + (1 - confidence) * 0.2) * 1000) / 1000,
      symptoms: [...entry.symptoms, `as ${event.ticketId} put it`],
      provenance: [...(entry.provenance ?? []), event]
    }
  }
  return entry
}

const t1020 = confirmedOn('NIM-1020', '2026-03-13T11:58:00.000Z')
const t1030 = confirmedOn('NIM-1030', '2026-03-20T17:11:00.000Z', 'Tomás')
const t1011 = confirmedOn('NIM-1011', '2026-03-07T12:41:00.000Z', 'Ana')

let bundles = 0
/** Carries everything `from` has into `to` through a bundle file; returns the import's report. */
async function carry(from: Desktop, to: Desktop) {
  const file = join(from.dataDir, `${(bundles += 1)}.bundle`)
  await from.sync.exportBundle(file)
  return to.sync.importBundle(file)
}

const fileOn = (d: Desktop): string => serializeEntry(d.knowledge.get(team, 'kb-NIM-1002')!)

async function desktops(...versions: KnowledgeEntry[]): Promise<Desktop[]> {
  return Promise.all(versions.map(async (entry) => desktop(await tempDir(), [entry])))
}

describe('versions of one entry that say the same thing', () => {
  it('one desktop has seen more cases: its version is taken, no conflict, on both sides', async () => {
    const [behind, ahead] = await desktops(seen(), seen(t1011, t1020, t1030))
    const report = await carry(ahead!, behind!)
    expect(report.conflicts).toBe(0)
    expect(await behind!.sync.conflicts()).toEqual([])
    expect(behind!.knowledge.get(team, 'kb-NIM-1002')).toMatchObject({ version: 4, observations: 4 })
    expect((await carry(behind!, ahead!)).conflicts).toBe(0)
    expect(await ahead!.sync.conflicts()).toEqual([])
    expect(fileOn(behind!)).toBe(fileOn(ahead!))
  })

  it('each desktop saw a different case: the evidence of both, each ticket once, the same on both replicas', async () => {
    const [a, b] = await desktops(seen(t1011, t1020), seen(t1011, t1030))
    expect((await carry(a!, b!)).conflicts).toBe(0)
    expect((await carry(b!, a!)).conflicts).toBe(0)
    for (const d of [a!, b!]) {
      expect(await d.sync.conflicts()).toEqual([])
      const entry = d.knowledge.get(team, 'kb-NIM-1002')!
      expect([...entry.sourceTicketIds].sort()).toEqual(['NIM-1002', 'NIM-1011', 'NIM-1020', 'NIM-1030'])
      // NIM-1011 was seen on both desktops: it counts once.
      expect(entry.observations).toBe(4)
      expect(entry.provenance?.map((event) => `${event.kind} ${event.ticketId}`)).toEqual([
        'learned NIM-1002',
        'confirmed NIM-1011',
        'confirmed NIM-1020',
        'confirmed NIM-1030'
      ])
    }
    expect(fileOn(a!)).toBe(fileOn(b!))
    // Nothing more to exchange: another round changes nothing.
    expect((await carry(a!, b!)).merged).toBe(0)
  })

  it('three replicas reach the same file in either order of exchange', async () => {
    const finals: string[] = []
    for (const order of [
      [0, 1, 2],
      [2, 1, 0]
    ]) {
      const ds = await desktops(seen(t1011), seen(t1020), seen(t1030))
      const [first, hub, last] = order.map((index) => ds[index]!)
      let conflicts = 0
      conflicts += (await carry(first!, hub!)).conflicts
      conflicts += (await carry(last!, hub!)).conflicts
      conflicts += (await carry(hub!, first!)).conflicts
      conflicts += (await carry(hub!, last!)).conflicts
      expect(conflicts).toBe(0)
      const files = ds.map(fileOn)
      expect(new Set(files).size).toBe(1)
      for (const d of ds) expect(await d.sync.conflicts()).toEqual([])
      finals.push(files[0]!)
    }
    expect(finals[0]).toBe(finals[1])
    expect(JSON.parse(finals[0]!)).toMatchObject({ observations: 4, version: 2 })
  })

  it('a difference of content is still a conflict, kept for review on both replicas', async () => {
    const [a, b] = await desktops(seen(t1011), {
      ...seen(t1020),
      resolution: ['Ask the customer to buy a higher plan.']
    })
    expect((await carry(a!, b!)).conflicts).toBe(1)
    await carry(b!, a!)
    for (const d of [a!, b!]) expect(await d.sync.conflicts()).toHaveLength(1)
    expect(fileOn(a!)).toBe(fileOn(b!))
  })

  it('the pair rule does not depend on which side is ours, and a merged result absorbs its inputs', () => {
    const x = seen(t1011, t1020)
    const y = seen(t1011, t1030)
    const xy = resolvePair(x, y)
    const yx = resolvePair(y, x)
    expect(xy.kind).toBe('agree')
    expect(serializeEntry(xy.entry)).toBe(serializeEntry(yx.entry))
    expect(resolvePair(xy.entry, x).entry).toBe(xy.entry)
    expect(resolvePair(y, xy.entry).entry).toBe(xy.entry)
    // A later version whose history continues the earlier one's is an update, even with new steps.
    const edited: KnowledgeEntry = {
      ...x,
      version: x.version + 1,
      resolution: ['New steps.'],
      provenance: [...x.provenance!, { kind: 'edited', at: '2026-03-21T09:00:00.000Z', by: 'Ana' }]
    }
    expect(resolvePair(x, edited)).toMatchObject({ kind: 'update', entry: edited })
    expect(resolvePair(y, edited).kind).toBe('conflict')
  })
})
