/**
 * Two desktops replay the demo and exchange their knowledge as the workbench does (bundle bytes through the
 * contract). Desktop B played every case; desktop A plays NIM-1010 and NIM-1029 only after it took in B's bundle, so
 * the entries B learned from them are in A's knowledge when A meets them:
 * - the card never presents NIM-1029 as an earlier case of itself: it is this ticket's own earlier resolution;
 * - NIM-1010 (Microsoft Entra, "Invalid signature on SAML Response") gets its own earlier resolution, not the
 *   webhook entry confirmed on three cases that shares only "invalid" and "signature" with it;
 * - the sync's times (the bundle taken in, a restored conflict's new version) are the demo's clock, as the tickets'.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineStatus } from '../../../src/shared/contract'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import type { SyncConflictView } from '../../../src/shared/syncContract'
import { buildEngine, call, demoCases, demoFile, type Harness } from '../../helpers/engineHarness'

// Both desktops live across the tests (useTempDirs would remove their folders after the first).
const made: string[] = []
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-demo-sync-'))
  made.push(dir)
  return dir
}
const team = 'cloud-support'

let a: Harness
let b: Harness

async function bundleOf(harness: Harness): Promise<{ fileName: string; data: string }> {
  return call(harness.engine, 'sync.exportBundle', { team })
}

const cards = (harness: Harness, ticketId: string): Suggestion[] =>
  harness.activity.flatMap((item) =>
    item.type === 'suggestion' &&
    item.suggestion.ticketId === ticketId &&
    item.suggestion.kind !== 'escalation'
      ? [item.suggestion]
      : []
  )

beforeAll(async () => {
  b = buildEngine(await tempDir())
  await b.engine.start()
  await b.engine.whenSourceIdle()
  // A plays only NIM-1010 and NIM-1029, after taking in B's knowledge (a desktop with no source yet takes the bundle first).
  const aDir = await tempDir()
  const first = buildEngine(aDir, { kind: 'none' })
  await first.engine.start()
  await call(first.engine, 'sync.importBundle', await bundleOf(b))
  await first.engine.stop()
  const file = join(aDir, 'nim-1010-1029.json')
  const cases = demoCases().filter((item) => item.id === 'NIM-1010' || item.id === 'NIM-1029')
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(demoFile, 'utf8')), cases }))
  a = buildEngine(aDir, { kind: 'demo', speed: 'max', file })
  await a.engine.start()
  await a.engine.whenSourceIdle()
}, 180_000)

describe('a demo ticket meeting the entry a teammate learned from that same ticket', () => {
  it('is not its own earlier case: the card calls it this ticket’s own earlier resolution', () => {
    const shown = cards(a, 'NIM-1029')
    expect(shown.length).toBeGreaterThan(0)
    for (const card of shown) {
      expect(card.title).not.toMatch(/Similar past case NIM-1029\b/)
      expect(card.reason).not.toMatch(/earlier case \(NIM-1029\)/)
      for (const citation of card.citations)
        expect(citation.relevance).not.toMatch(/earlier case \(NIM-1029\)/)
    }
    const own = shown.find((card) => card.citations[0]?.entryId === 'kb-NIM-1029')
    expect(own, 'a card citing the entry learned from NIM-1029').toBeDefined()
    expect(own!.reason).toMatch(/this ticket's own earlier resolution/)
    if (own!.kind === 'similar_case') expect(own!.title).toMatch(/^Earlier resolution of this ticket: /)
  })

  it("shows the SAML ticket its own earlier resolution, not another subject's entry on the words both share", () => {
    const shown = cards(a, 'NIM-1010')
    expect(shown.length).toBeGreaterThan(0)
    expect(shown[0]!.citations.map((citation) => citation.entryId)).toEqual(['kb-NIM-1010'])
    expect(shown[0]!.title).toBe('Earlier resolution of this ticket: Invalid signature on SAML Response')
    for (const card of shown)
      for (const citation of card.citations) expect(citation.entryId, card.title).not.toBe('kb-NIM-1009')
  })

  it("keeps the sync's times on the demo's clock: a bundle taken in, and a conflict's restored version", async () => {
    // Both desktops edit the entry the same ticket taught; A then takes in B's edit: a conflict of content.
    const edit = (harness: Harness, title: string) =>
      call(harness.engine, 'knowledge.review', { entryId: 'kb-NIM-1031', action: 'edit', edit: { title } })
    await edit(a, 'Weekly report: late tickets counted on the wrong day (A)')
    await edit(b, 'Weekly report: late tickets counted on the wrong day (B)')
    const report = await call<{ conflicts: number }>(a.engine, 'sync.importBundle', await bundleOf(b))
    expect(report.conflicts).toBe(1)
    const status = await call<EngineStatus>(a.engine, 'engine.status', {})
    const demoNow = status.now!
    expect(demoNow.startsWith('2026-03')).toBe(true)
    const bundleAt = status.sync?.find((item) => item.team === team)?.lastBundleAt
    expect(bundleAt).toBe(demoNow)
    const [conflict] = await call<SyncConflictView[]>(a.engine, 'sync.conflicts', {})
    const restored = await call<KnowledgeEntry>(a.engine, 'sync.decideConflict', {
      key: conflict!.key,
      action: 'restore'
    })
    expect(restored.updatedAt).toBe(demoNow)
    expect(restored.provenance?.at(-1)).toMatchObject({ kind: 'rolled-back', at: demoNow })
    // Not the computer's clock (the demo's cases are in March 2026).
    expect(Math.abs(Date.parse(restored.updatedAt) - Date.now())).toBeGreaterThan(24 * 3_600_000)
  })
})

afterAll(async () => {
  await a?.engine.stop()
  await b?.engine.stop()
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })))
})
