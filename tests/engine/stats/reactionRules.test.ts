/**
 * One rule for reactions, the same in the entry counters, `stats.get` (Analytics) and `vigil stats`: each kind of
 * reaction counts once per card; the rates use each card's outcome (its latest of adopted, edited, dismissed); an
 * entry retired by hand counts as retired, and a rejected draft does not.
 */
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/index'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import type { StatsReport } from '../../../src/shared/stats'
import { call, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('reactions counted the same everywhere', () => {
  it('Adopt, Like, Dislike, Dismiss on one card: one of each, the card ends dismissed', async () => {
    const dataDir = await tempDir()
    const { engine } = await runToEnd(dataDir)
    const before = await call<StatsReport>(engine, 'stats.get', {})
    const cards = await call<Suggestion[]>(engine, 'suggestions.list', { limit: 500 })
    // A card no one reacted to (not even through a sent reply), citing an entry, of a kind an analyst could send.
    const card = cards.find(
      (s) => s.kind === 'answer' && s.citations.length > 0 && s.feedback.every((f) => f.kind === 'ignored')
    )!
    expect(card).toBeDefined()
    const entryId = card.citations[0]!.entryId
    const entryBefore = (await call<KnowledgeEntry[]>(engine, 'knowledge.list', {})).find(
      (e) => e.id === entryId
    )!
    for (const kind of ['adopted', 'liked', 'disliked', 'dismissed', 'liked'] as const) {
      await call(engine, 'suggestions.react', { suggestionId: card.id, kind })
    }
    const entry = (await call<KnowledgeEntry[]>(engine, 'knowledge.list', {})).find((e) => e.id === entryId)!
    const moved = (key: 'adopted' | 'liked' | 'disliked' | 'dismissed') =>
      entry.counters[key] - entryBefore.counters[key]
    expect([moved('adopted'), moved('liked'), moved('disliked'), moved('dismissed')]).toEqual([1, 1, 1, 1])

    const after = await call<StatsReport>(engine, 'stats.get', {})
    const grew = (key: 'adopted' | 'liked' | 'disliked' | 'dismissed') =>
      after.reactions[key] - before.reactions[key]
    expect([grew('adopted'), grew('liked'), grew('disliked'), grew('dismissed')]).toEqual([1, 1, 1, 1])
    // Its outcome is the latest of adopt and dismiss: dismissed, not adopted.
    expect(after.outcomes.dismissed - before.outcomes.dismissed).toBe(1)
    expect(after.outcomes.adopted).toBe(before.outcomes.adopted)
    expect(after.outcomes.sendable).toBe(before.outcomes.sendable)
    expect(after.rates.dismiss).toBe(
      Math.round((after.outcomes.dismissed / after.outcomes.sendable) * 1000) / 1000
    )
    const row = after.topEntries.find((item) => item.entryId === entryId)
    if (row) {
      const rowBefore = before.topEntries.find((item) => item.entryId === entryId)
      expect(row.liked - (rowBefore?.liked ?? 0)).toBe(1)
      expect(row.disliked - (rowBefore?.disliked ?? 0)).toBe(1)
      expect(row.dismissed - (rowBefore?.dismissed ?? 0)).toBe(1)
      expect(row.acceptance).toBeLessThan(1)
    }

    // Retired by hand: counted as retired, in the running engine and in `vigil stats`.
    const active = (await call<KnowledgeEntry[]>(engine, 'knowledge.list', {})).find(
      (e) => e.status === 'active' && e.id !== entryId
    )!
    await call(engine, 'knowledge.setStatus', { entryId: active.id, action: 'retire', note: 'outdated' })
    const retired = await call<StatsReport>(engine, 'stats.get', {})
    expect(retired.knowledge.retired).toBe(before.knowledge.retired + 1)
    expect(retired.knowledge.entries).toBe(before.knowledge.entries - 1)
    const lastWeek = await call<StatsReport>(engine, 'stats.get', { days: 7 })
    expect(lastWeek.knowledge.retired).toBeGreaterThanOrEqual(1)
    await engine.stop()

    const out: string[] = []
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true } }
    expect(await main(['stats', '--data-dir', dataDir], io)).toBe(0)
    const text = out.join('')
    expect(text).toContain(`${after.reactions.liked} liked, ${after.reactions.disliked} disliked`)
    expect(text).toContain(`${retired.knowledge.retired} retired`)
    expect(after.reactions.liked).toBeGreaterThan(0)
  }, 120_000)
})
