/**
 * events.jsonl stays bounded: long-resolved, learned tickets move to the archive at start (and out of memory), and
 * an archived ticket comes back whole when a new event arrives for it; nothing is learned twice or lost.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import type { EngineActivity, SourceOptions } from '../../../src/main/engine/types'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus, TicketSummary } from '../../../src/shared/contract'
import { Settings } from '../../../src/shared/settings'
import { call, demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

async function run(dataDir: string, source: SourceOptions, resolvedRetentionDays = 7) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(Settings.parse({ resolvedRetentionDays }))
  const engine = createEngine(host, { source, rotateAboveBytes: 0 })
  const activity: EngineActivity[] = []
  engine.onActivity((item) => activity.push(item))
  await engine.start()
  await engine.whenSourceIdle()
  const status = await call<EngineStatus>(engine, 'engine.status')
  const tickets = await call<TicketSummary[]>(engine, 'tickets.list')
  await engine.stop()
  return { status, tickets, activity }
}

describe('event log rotation', () => {
  it('archives long-resolved tickets at start and brings one back when it gets a new event', async () => {
    const dataDir = await tempDir()
    const events = join(dataDir, 'events.jsonl')
    // A retention longer than the demo: nothing leaves memory while it runs (ticketRetirement.test.ts).
    const first = await run(dataDir, { kind: 'demo', speed: 'max' }, 3650)
    expect(first.tickets).toHaveLength(demoCases().length)
    const fullSize = statSync(events).size
    const learnedFirst = first.activity.filter((a) => a.type === 'learned' || a.type === 'merged').length

    const second = await run(dataDir, { kind: 'none' })
    expect(statSync(events).size).toBeLessThan(fullSize / 2)
    expect(existsSync(join(dataDir, 'events-archive.jsonl'))).toBe(true)
    expect(second.tickets.length).toBeLessThan(first.tickets.length / 2)
    expect(second.tickets.length).toBeGreaterThan(0)
    expect(second.status.knowledgeEntries).toBe(first.status.knowledgeEntries)
    expect(second.activity.filter((a) => a.type === 'learned' || a.type === 'merged')).toEqual([])
    expect(learnedFirst).toBeGreaterThan(0)

    const archived = first.tickets.find((ticket) => !second.tickets.some((kept) => kept.id === ticket.id))!
    const archivedLines = readFileSync(join(dataDir, 'events-archive.jsonl'), 'utf8')
    expect(archivedLines).toContain(`"ticketId":"${archived.id}"`)
    const third = await run(dataDir, {
      kind: 'replay',
      id: 'late',
      events: [
        {
          eventId: 'late-1',
          type: 'message.added',
          message: {
            id: `${archived.id}-late`,
            ticketId: archived.id,
            authorRole: 'customer',
            authorName: 'Casey',
            text: 'It happened again this morning.',
            time: '2026-03-25T09:00:00.000Z'
          }
        }
      ]
    })
    const back = third.tickets.find((ticket) => ticket.id === archived.id)
    expect(back?.messageCount).toBe(archived.messageCount + 1)

    // It lives in events.jsonl again: the next start has it, whole.
    const fourth = await run(dataDir, { kind: 'none' })
    expect(fourth.tickets.find((ticket) => ticket.id === archived.id)?.messageCount).toBe(
      archived.messageCount + 1
    )
  }, 120_000)
})
