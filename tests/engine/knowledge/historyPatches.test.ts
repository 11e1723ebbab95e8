/**
 * An entry confirmed at every resolution keeps every earlier version in its history, but not a whole copy of its
 * source tickets and provenance each time: a replaced version is kept as a patch against the version that replaced
 * it (historyPatch.ts), and every version reads back exactly as it was, across rotation and a reopen.
 */
import { appendFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import type { KnowledgeEntry, ProvenanceEvent } from '../../../src/shared/domain'
import { recordingLogger } from '../../helpers/engineHarness'
import { at, entry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const BOUND = 64 * 1024
const folder = (dir: string) => join(dir, 'cloud-support')

/** Version `n` of an entry confirmed by ticket after ticket: lists that grow at their end, capped at their start. */
function confirmed(n: number): KnowledgeEntry {
  const tickets = Array.from({ length: n }, (_, i) => `soak:SOAK-${10_000 + i}`)
  const provenance: ProvenanceEvent[] = tickets.map((ticketId, i) => ({
    kind: i === 0 ? 'learned' : i % 7 === 0 ? 'refuted' : 'confirmed',
    at: at(i * 60),
    ticketId,
    messageIds: [`${ticketId}-m9`],
    by: 'Sam Carter'
  }))
  return entry({
    id: 'kb-confirmed',
    title: 'Dashboard shows stale data after a region failover',
    problem: 'The dashboard keeps showing numbers from before the failover. '.repeat(4),
    symptoms: [`Stale numbers, as of revision ${Math.floor(n / 40)}`],
    sourceTicketIds: tickets.slice(-500),
    provenance: provenance.slice(-100),
    observations: n,
    confidence: Math.min(0.95, 0.5 + n / 1000),
    version: n,
    updatedAt: at(n * 60)
  })
}

const historyBytes = async (dir: string): Promise<number> => {
  let total = 0
  for (const name of await readdir(folder(dir)))
    if (name.startsWith('history')) total += (await stat(join(folder(dir), name))).size
  return total
}

/** The version as the history shows it: the counters it had when it was replaced aside. */
const content = ({ counters: _counters, ...rest }: KnowledgeEntry) => rest

describe('knowledge history patches', () => {
  it('keeps 300 versions of an entry in a fraction of the space of whole copies, each read back exactly', async () => {
    const dir = await tempDir()
    const open = () => KnowledgeStore.open({ dir, logger: recordingLogger(), historyRotateAboveBytes: BOUND })
    const store = await open()
    let wholeCopies = 0
    for (let n = 1; n <= 300; n++) {
      await store.put(confirmed(n))
      // Reactions move the counters between versions; the history keeps those of the version when replaced.
      await store.bumpCounters('cloud-support', 'kb-confirmed', { shown: 1, liked: n % 3 === 0 ? 1 : 0 })
      if (n < 300) wholeCopies += JSON.stringify(confirmed(n)).length + 1
    }
    const stored = await historyBytes(dir)
    // Whole copies: about 4 MB; patches: a few hundred bytes a version.
    expect(wholeCopies).toBeGreaterThan(3_000_000)
    expect(stored).toBeLessThan(wholeCopies / 20)
    expect((await readdir(folder(dir))).includes('history-archive.jsonl')).toBe(true)

    const check = async (knowledge: KnowledgeStore) => {
      const history = await knowledge.history('cloud-support', 'kb-confirmed')
      expect(history.map((version) => version.version)).toEqual(Array.from({ length: 299 }, (_, i) => i + 1))
      for (const version of history) {
        expect(content(version)).toEqual(content(confirmed(version.version)))
        expect(version.counters.shown).toBe(version.version)
        expect(version.counters.liked).toBe(Math.floor(version.version / 3))
      }
    }
    await check(store)
    await store.close()
    const reopened = await open()
    await check(reopened)
    await reopened.close()
  })

  it('reads whole copies written before patches, and skips a patch whose newer version was never written', async () => {
    const dir = await tempDir()
    const store = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    await store.put(confirmed(1))
    await store.put(confirmed(2))
    await store.close()
    const history = join(folder(dir), 'history.jsonl')
    // An older file: version 1 as a whole copy (what every record was before patches).
    await appendFile(history, `${JSON.stringify(confirmed(1))}\n`)
    // A process killed between the history record and the new version: a patch against a version never written.
    const stray = { ...confirmed(2), version: 2 }
    await appendFile(
      history,
      `${JSON.stringify({ id: stray.id, team: stray.team, version: 2, updatedAt: stray.updatedAt, patch: { base: `3|${at(999)}`, baseHash: '0', set: { counters: stray.counters }, unset: [], lists: {} } })}\n`
    )
    const reopened = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    await reopened.put(confirmed(3))
    await reopened.put(confirmed(4))
    const versions = await reopened.history('cloud-support', 'kb-confirmed')
    expect(versions.map((version) => version.version)).toEqual([1, 2, 3])
    for (const version of versions) expect(content(version)).toEqual(content(confirmed(version.version)))
    await reopened.close()
  })
})
