import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { describeStats } from '../../src/main/cli/commands/stats'
import type { StatsReport } from '../../src/shared/stats'
import { useTempDirs } from '../helpers/tempDir'
import { captureIo } from '../helpers/captureIo'

describe('vigil stats', () => {
  const tempDir = useTempDirs()

  it('reports the same figures as the replay that wrote the data folder', async () => {
    const dataDir = await tempDir()
    const replay = captureIo()
    expect(
      await main(['replay', '--demo', '--speed', 'max', '--json', '--data-dir', dataDir], replay.io)
    ).toBe(0)
    const summary = JSON.parse(replay.stdout().trim().split('\n').at(-1)!) as Record<string, number>

    const stats = captureIo()
    expect(await main(['stats', '--data-dir', dataDir, '--json'], stats.io)).toBe(0)
    const report = JSON.parse(stats.stdout()) as {
      team: string
      from: string | null
      to: string | null
      period: string
      suggestions: { total: number; byKind: Record<string, number> }
      reactions: Record<string, unknown>
      knowledge: { entries: number; learned: number; merged: number; corrected: number }
      modelCallsAvoided: { messages: number; woken: number }
      precisionByKind: Record<string, { confirmed: number; refuted: number }>
    }
    expect(report.team).toBe('cloud-support')
    // An open range is null for scripts (not the engine's 1970 / +275760 bounds), and the days covered are said.
    expect(report).toMatchObject({
      from: null,
      to: null,
      period: expect.stringMatching(/^\d{4}-\d\d-\d\d to /)
    })
    expect(report.suggestions.total).toBe(summary['suggestions'])
    expect(report.knowledge).toMatchObject({
      entries: summary['knowledgeEntries'],
      learned: summary['learned'],
      merged: summary['merged'],
      corrected: summary['corrected']
    })
    expect(report.modelCallsAvoided.messages).toBe(summary['messages'])
    expect(report.modelCallsAvoided.woken).toBeGreaterThan(0)
    expect(report.modelCallsAvoided.woken).toBeLessThan(summary['messages']!)
    expect(Object.keys(report.reactions)).toEqual([
      'adopted',
      'edited',
      'liked',
      'disliked',
      'dismissed',
      'ignored',
      'sent'
    ])
    expect(report.precisionByKind['answer']!.confirmed).toBeGreaterThan(0)

    const text = captureIo()
    expect(await main(['stats', '--data-dir', dataDir], text.io)).toBe(0)
    expect(text.stdout()).toContain(`Suggestions: ${summary['suggestions']} (`)
    // The period is stated: everything recorded, as the Analytics page opens, from the first to the last day.
    expect(text.stdout()).toMatch(/^Period: everything recorded \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)$/m)
  })

  it('exits 2 with its reason and the usage when --data-dir is missing', async () => {
    const bare = captureIo()
    expect(await main(['stats'], bare.io)).toBe(2)
    expect(bare.stderr().split('\n')[0]).toBe('vigil stats: --data-dir is required')
    expect(bare.stderr()).toContain('Usage: vigil stats --data-dir D')
  })

  it('refuses --from later than --to with exit 2 instead of printing zeros', async () => {
    const dataDir = await tempDir()
    const reversed = captureIo()
    expect(
      await main(['stats', '--data-dir', dataDir, '--from', '2026-03-31', '--to', '2026-03-01'], reversed.io)
    ).toBe(2)
    expect(reversed.stderr().split('\n')[0]).toBe(
      'vigil stats: --from 2026-03-31 is later than --to 2026-03-01: give the earlier day with --from'
    )
    expect(reversed.stdout()).toBe('')
  })

  it('names a missing team and a bad date', async () => {
    const dataDir = await tempDir()
    const none = captureIo()
    expect(await main(['stats', '--data-dir', dataDir], none.io)).toBe(2)
    expect(none.stderr()).toContain('holds no suggestions and no knowledge yet')
    const badDate = captureIo()
    expect(
      await main(['stats', '--data-dir', dataDir, '--team', 'x', '--from', 'yesterday'], badDate.io)
    ).toBe(2)
  })

  it('says "1 sendable card", "1 ticket" and "1 message" in the text, not "1 tickets"', () => {
    const kinds = { answer: 1, similar_case: 0, next_step: 0, summary: 0, escalation: 0 }
    const one: StatsReport = {
      team: 'cloud-support',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-31T23:59:59.999Z',
      suggestions: { total: 1, byKind: kinds, perDay: [] },
      reactions: {
        ...{ adopted: 1, edited: 0, liked: 0, disliked: 0, dismissed: 0, ignored: 0 },
        sent: { adopted: 0, edited: 0, ignored: 0 }
      },
      outcomes: { sendable: 1, adopted: 1, edited: 0, dismissed: 0 },
      rates: { adoption: 1, edit: 0, dismiss: 0 },
      precisionByKind: {},
      timeToUsefulCard: { tickets: 1, medianSeconds: 30, p90Seconds: 30 },
      knowledge: { entries: 1, drafts: 0, learned: 1, merged: 0, corrected: 0, retired: 0, perDay: [] },
      topEntries: [],
      gaps: { open: 0, closed: 0, top: [] },
      modelCallsAvoided: { messages: 1, woken: 0, avoided: 1 },
      timeSaved: { minutes: 3, formula: 'adopted (1) × 3 min + edited (0) × 1.5 min' }
    }
    const text = describeStats(one, false)
    expect(text).toContain('Outcome of the 1 sendable card (')
    expect(text).toContain('median 30 s over 1 ticket\n')
    expect(text).toContain('Wake gate: 1 of 1 message were judged')
    expect(text).not.toMatch(/\b1 (tickets|messages|sendable cards)\b/)
  })
})
