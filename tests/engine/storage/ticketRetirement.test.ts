/**
 * Resolved tickets leave memory once resolved longer than `resolvedRetentionDays` (running/retireResolved.ts), and
 * the logs follow: events.jsonl, suggestions.jsonl and the journals are compacted to what the tickets in memory need,
 * the rest is in the archives, a retired ticket comes back whole on demand, and `vigil stats` still counts it all.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import { silentLogger } from '../../../src/main/engine/host'
import { eventTicketId, type EventRecord } from '../../../src/main/engine/storage/eventLog'
import { readStatsSources } from '../../../src/main/engine/stats/statsSources'
import { statsRange, teamStats } from '../../../src/main/engine/stats/teamStats'
import type { EngineActivity, SourceOptions } from '../../../src/main/engine/types'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus, TicketDetail, TicketSummary } from '../../../src/shared/contract'
import { Settings } from '../../../src/shared/settings'
import type { StatsReport } from '../../../src/shared/stats'
import { call, demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

async function open(dataDir: string, source: SourceOptions, resolvedRetentionDays: number) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(Settings.parse({ resolvedRetentionDays }))
  // Compacted as soon as half of a log is retired, so the demo's few dozen tickets show it.
  const engine = createEngine(host, { source, compactLogsAtLeast: 10 })
  const activity: EngineActivity[] = []
  engine.onActivity((item) => activity.push(item))
  await engine.start()
  await engine.whenSourceIdle()
  return { engine, activity }
}

const lines = (file: string): Array<Record<string, unknown>> =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)

const eventIds = (file: string): string[] =>
  lines(file).map((record) => (record.event as { eventId: string }).eventId)

function ticketOf(record: Record<string, unknown>): string {
  return eventTicketId((record as unknown as EventRecord).event)
}

describe('retiring resolved tickets from memory', () => {
  it('keeps only recent tickets in memory and in the logs, with the same cards, knowledge and statistics', async () => {
    const kept = await tempDir()
    const retired = await tempDir()
    const reference = await open(kept, { kind: 'demo', speed: 'max' }, 3650)
    const all = await call<TicketSummary[]>(reference.engine, 'tickets.list')
    const referenceStatus = await call<EngineStatus>(reference.engine, 'engine.status')
    await reference.engine.stop()

    const run = await open(retired, { kind: 'demo', speed: 'max' }, 7)
    const status = await call<EngineStatus>(run.engine, 'engine.status')
    // The list carries the retired tickets too (archived, see retiredTicketsFound.test.ts): memory holds the rest.
    const listed = await call<TicketSummary[]>(run.engine, 'tickets.list')
    const inMemory = listed.filter((ticket) => !ticket.archived)
    expect(new Set(listed.map((ticket) => ticket.id))).toEqual(new Set(all.map((ticket) => ticket.id)))
    // The demo spans 20 days: with a week's retention most tickets left memory, the latest ones stayed.
    expect(inMemory.length).toBeGreaterThan(0)
    expect(inMemory.length).toBeLessThan(all.length / 2)
    expect(status.tickets).toBe(inMemory.length)
    expect(status.suggestions).toBeLessThan(referenceStatus.suggestions)
    // Retiring changed nothing Vigil said or learned.
    const said = (activity: EngineActivity[]) =>
      activity.flatMap((item) => (item.type === 'suggestion' ? [item.suggestion.title] : []))
    expect(said(run.activity)).toEqual(said(reference.activity))
    expect(status.knowledgeEntries).toBe(referenceStatus.knowledgeEntries)

    // The logs hold what memory holds; the archives the rest; no event lost or logged twice.
    // Compacted once retired records make up half the log: at most as many of them remain as live ones.
    const live = new Set(inMemory.map((ticket) => ticket.id))
    const logged = lines(join(retired, 'events.jsonl'))
    const liveRecords = logged.filter((record) => live.has(ticketOf(record))).length
    expect(liveRecords).toBe(inMemory.reduce((sum, ticket) => sum + ticket.messageCount + 2, 0))
    expect(logged.length).toBeLessThanOrEqual(2 * liveRecords + 10)
    const ids = [
      ...eventIds(join(retired, 'events-archive.jsonl')),
      ...eventIds(join(retired, 'events.jsonl'))
    ]
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(ids)).toEqual(new Set(eventIds(join(kept, 'events.jsonl'))))
    const inLog = new Set(eventIds(join(retired, 'events.jsonl')))
    for (const journal of ['learned.jsonl', 'handled.jsonl'])
      for (const record of lines(join(retired, journal))) expect(inLog).toContain(record.eventId)
    expect(lines(join(retired, 'suggestions.jsonl')).length).toBeLessThanOrEqual(
      Math.max(10, 2 * status.suggestions)
    )
    const archivedCards = new Set(
      lines(join(retired, 'suggestions-archive.jsonl')).map(
        (record) => (record.suggestion as { id: string }).id
      )
    )
    for (const item of run.activity)
      if (item.type === 'suggestion' && !live.has(item.suggestion.ticketId))
        expect(archivedCards).toContain(item.suggestion.id)

    // vigil stats reads the archives too: the same figures as the run that kept everything.
    const stats = async (dataDir: string) =>
      teamStats(await readStatsSources(dataDir, silentLogger), {
        team: 'cloud-support',
        ...statsRange(undefined, undefined)
      })
    const figures = await stats(retired)
    expect(figures.suggestions.total).toBe(referenceStatus.suggestions)
    expect(figures).toEqual(await stats(kept))
    // So does the analytics page of the running engine.
    const onPage = await call<StatsReport>(run.engine, 'stats.get', {})
    expect(onPage.suggestions).toEqual(figures.suggestions)
    expect(onPage.modelCallsAvoided).toEqual(figures.modelCallsAvoided)

    // The workbench opens a retired ticket: it comes back whole, with its cards.
    const gone = all.find((ticket) => !live.has(ticket.id) && ticket.suggestionCount > 0)!
    const detail = await call<TicketDetail>(run.engine, 'tickets.get', { ticketId: gone.id })
    expect(detail.messages).toHaveLength(gone.messageCount)
    expect(detail.suggestions).toHaveLength(gone.suggestionCount)
    await run.engine.stop()

    // A restart reads the compacted logs: the same tickets in memory (and the one brought back), nothing relearned.
    const again = await open(retired, { kind: 'none' }, 7)
    const after = (await call<TicketSummary[]>(again.engine, 'tickets.list')).filter(
      (ticket) => !ticket.archived
    )
    expect(new Set(after.map((ticket) => ticket.id))).toEqual(new Set([...live, gone.id]))
    expect(after.find((ticket) => ticket.id === gone.id)?.suggestionCount).toBe(gone.suggestionCount)
    expect(again.activity.filter((item) => item.type !== 'silent')).toEqual([])
    await again.engine.stop()
  }, 180_000)

  it('brings a retired ticket back whole when a new message arrives for it', async () => {
    const dataDir = await tempDir()
    const first = await open(dataDir, { kind: 'demo', speed: 'max' }, 7)
    const inMemory = new Set(
      (await call<TicketSummary[]>(first.engine, 'tickets.list')).filter((t) => !t.archived).map((t) => t.id)
    )
    await first.engine.stop()
    const shown = first.activity.flatMap((item) => (item.type === 'suggestion' ? [item.suggestion] : []))
    const gone = shown.find((suggestion) => !inMemory.has(suggestion.ticketId))!.ticketId
    const messages = lines(join(dataDir, 'events-archive.jsonl')).filter(
      (record) => ticketOf(record) === gone && (record.event as { type: string }).type === 'message.added'
    ).length
    const late = await open(
      dataDir,
      {
        kind: 'replay',
        id: 'late',
        events: [
          {
            eventId: 'late-1',
            type: 'message.added',
            message: {
              id: `${gone}-late`,
              ticketId: gone,
              authorRole: 'customer',
              authorName: 'Casey',
              text: 'It happened again this morning.',
              time: '2026-03-25T09:00:00.000Z'
            }
          }
        ]
      },
      7
    )
    const detail = await call<TicketDetail>(late.engine, 'tickets.get', { ticketId: gone })
    expect(detail.messages).toHaveLength(messages + 1)
    expect(detail.suggestions.map((s) => s.id)).toEqual(
      expect.arrayContaining(shown.filter((s) => s.ticketId === gone).map((s) => s.id))
    )
    await late.engine.stop()
  }, 120_000)

  it('keeps tickets in memory, says so, and loses nothing when the archive cannot be written', async () => {
    const dataDir = await tempDir()
    // A folder where the archive file should be: every write to it fails, as on a full disk.
    mkdirSync(join(dataDir, 'events-archive.jsonl'))
    const run = await open(dataDir, { kind: 'demo', speed: 'max' }, 7)
    const status = await call<EngineStatus>(run.engine, 'engine.status')
    expect(status.tickets).toBe(demoCases().length)
    expect(status.warnings.join('\n')).toMatch(/could not be moved to the archive.*They stay in memory/)
    await run.engine.stop()
    const logged = new Set(lines(join(dataDir, 'events.jsonl')).map(ticketOf))
    expect(logged.size).toBe(demoCases().length)
  }, 120_000)
})
