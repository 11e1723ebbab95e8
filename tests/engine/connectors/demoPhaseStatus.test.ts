/**
 * The demo bar says what the demo shows now: the engine tells a phase's note (and the events played) when the case
 * that opens the phase opens, not when something is next learned. Plays the real demo with a fake clock.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadDemoSchedule } from '../../../src/main/engine/connectors/demoSchedule'
import type { SourceStatus } from '../../../src/shared/contract'
import { buildEngine, resourcesDir } from '../../helpers/engineHarness'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

type Seen =
  | { kind: 'status'; source: SourceStatus }
  | { kind: 'opened'; ticketId: string }
  | { kind: 'card'; ticketId: string }

describe('the demo bar follows the demo', () => {
  it('tells each phase when its case opens, with the events played so far', async () => {
    const schedule = await loadDemoSchedule(join(resourcesDir, 'demo', 'schedule.json'))
    const dir = await mkdtemp(join(tmpdir(), 'vigil-phase-'))
    dirs.push(dir)
    const sleep = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve))
    }
    const { engine } = buildEngine(dir, { kind: 'demo', speed: 1, sleep })
    const seen: Seen[] = []
    const known = new Set<string>()
    engine.onEvent((envelope) => {
      if (envelope.event === 'engine.status') seen.push({ kind: 'status', source: envelope.payload.source })
      if (envelope.event === 'ticket.changed' && !known.has(envelope.payload.id)) {
        known.add(envelope.payload.id)
        seen.push({ kind: 'opened', ticketId: envelope.payload.id })
      }
      if (envelope.event === 'suggestion.added')
        seen.push({ kind: 'card', ticketId: envelope.payload.ticketId })
    })
    await engine.start()
    await engine.whenSourceIdle()
    await engine.stop()

    for (const phase of schedule.phases.slice(1)) {
      const opened = seen.findIndex((item) => item.kind === 'opened' && item.ticketId === phase.from)
      expect(opened, phase.from).toBeGreaterThan(0)
      const told = seen.findIndex((item) => item.kind === 'status' && item.source.phase === phase.note)
      // Not before its case opens (a step ahead), and right after: before the case's first card or the next ticket.
      expect(told, phase.from).toBeGreaterThan(opened)
      const between = seen.slice(opened + 1, told)
      expect(
        between.filter((item) => item.kind !== 'status'),
        phase.from
      ).toEqual([])
      const status = (seen[told] as { source: SourceStatus }).source
      const previous = seen
        .slice(0, opened)
        .reverse()
        .find((item): item is { kind: 'status'; source: SourceStatus } => item.kind === 'status')!
      // The counter moved with it.
      expect(status.delivered).toBeGreaterThan(previous.source.delivered)
    }
    // The card on the phase's case comes while the bar tells that phase.
    const ssoCard = seen.findIndex((item) => item.kind === 'card' && item.ticketId === 'NIM-1010')
    const lastStatus = seen
      .slice(0, ssoCard)
      .reverse()
      .find((item): item is { kind: 'status'; source: SourceStatus } => item.kind === 'status')!
    expect(lastStatus.source.phase).toBe(schedule.phases[1]!.note)
  })
})
