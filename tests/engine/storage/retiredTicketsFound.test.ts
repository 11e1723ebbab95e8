/**
 * Tickets retired from memory (running/retireResolved.ts) stay reachable from the workbench: the list carries them
 * (archived), the search finds them by their messages as it finds tickets in memory, opening one brings it back,
 * and a reaction to one of their cards works (the ticket comes back with it) instead of failing.
 */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import type { SourceOptions } from '../../../src/main/engine/types'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus, RouteOutput, TicketDetail, TicketSummary } from '../../../src/shared/contract'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { Settings } from '../../../src/shared/settings'
import { call, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

async function open(dataDir: string, source: SourceOptions, resolvedRetentionDays: number) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(Settings.parse({ resolvedRetentionDays }))
  const engine = createEngine(host, { source, compactLogsAtLeast: 10 })
  const shown: Suggestion[] = []
  engine.onActivity((item) => {
    if (item.type === 'suggestion') shown.push(item.suggestion)
  })
  await engine.start()
  await engine.whenSourceIdle()
  return { engine, shown }
}

type Hits = RouteOutput<'tickets.search'>
const found = (hits: Hits) => hits.map((hit) => `${hit.ticketId} ${hit.excerpt}`).sort()

describe('tickets that left memory', () => {
  it('are listed, found by their messages, and come back when opened', async () => {
    const reference = await open(await tempDir(), { kind: 'demo', speed: 'max' }, 3650)
    const all = await call<TicketSummary[]>(reference.engine, 'tickets.list')
    const dataDir = await tempDir()
    const run = await open(dataDir, { kind: 'demo', speed: 'max' }, 7)
    const listed = await call<TicketSummary[]>(run.engine, 'tickets.list')
    const status = await call<EngineStatus>(run.engine, 'engine.status')
    const retired = listed.filter((ticket) => ticket.archived)
    expect(retired.length).toBeGreaterThan(all.length / 2)
    expect(listed.length - retired.length).toBe(status.tickets)
    // Every ticket is listed once, retired ones as they were when they left.
    expect(listed.map((ticket) => ticket.id).sort()).toEqual(all.map((ticket) => ticket.id).sort())
    for (const ticket of retired) {
      const same = all.find((item) => item.id === ticket.id)!
      expect(ticket).toMatchObject({
        subject: same.subject,
        status: same.status,
        messageCount: same.messageCount,
        suggestionCount: same.suggestionCount,
        requester: same.requester
      })
    }

    // The search finds the same tickets with the same excerpts as the engine that kept every ticket in memory.
    const gone = retired.find((ticket) => ticket.messageCount > 3)!
    const detail = await call<TicketDetail>(reference.engine, 'tickets.get', { ticketId: gone.id })
    const words = detail.messages
      .find((message) => message.authorRole === 'customer')!
      .text.split(/\s+/)
      .filter((word) => /^[a-z]{6,}$/i.test(word))
    const queries = [
      words.slice(0, 2).join(' '),
      words[0]!,
      'certificate',
      'login fails',
      'nothing-like-this'
    ]
    for (const query of queries) {
      const hits = await call<Hits>(run.engine, 'tickets.search', { query })
      expect(found(hits), query).toEqual(
        found(await call<Hits>(reference.engine, 'tickets.search', { query }))
      )
      for (const hit of hits)
        if (!listed.some((ticket) => ticket.id === hit.ticketId && !ticket.archived))
          expect(hit.ticket).toMatchObject({ id: hit.ticketId, archived: true })
    }
    expect(found(await call<Hits>(run.engine, 'tickets.search', { query: words[0]! }))).toContain(
      `${gone.id} ${(await call<Hits>(reference.engine, 'tickets.search', { query: words[0]! })).find((hit) => hit.ticketId === gone.id)!.excerpt}`
    )

    // Opened from the list: it comes back whole and is listed as in memory again.
    const back = await call<TicketDetail>(run.engine, 'tickets.get', { ticketId: gone.id })
    expect(back.messages).toHaveLength(gone.messageCount)
    const after = await call<TicketSummary[]>(run.engine, 'tickets.list')
    expect(after.filter((ticket) => ticket.id === gone.id)).toEqual([
      expect.not.objectContaining({ archived: true })
    ])
    await run.engine.stop()
    await reference.engine.stop()

    // After a restart the retired tickets are still listed and found.
    const again = await open(dataDir, { kind: 'none' }, 7)
    const relisted = await call<TicketSummary[]>(again.engine, 'tickets.list')
    expect(relisted.map((ticket) => ticket.id).sort()).toEqual(all.map((ticket) => ticket.id).sort())
    await again.engine.stop()
  }, 180_000)

  it('takes a reaction to a card of a retired ticket: the ticket comes back, the entry counts it', async () => {
    const dataDir = await tempDir()
    const run = await open(dataDir, { kind: 'demo', speed: 'max' }, 7)
    const inMemory = new Set(
      (await call<TicketSummary[]>(run.engine, 'tickets.list')).filter((t) => !t.archived).map((t) => t.id)
    )
    const card = run.shown.find(
      (suggestion) =>
        !inMemory.has(suggestion.ticketId) &&
        suggestion.kind !== 'escalation' &&
        suggestion.citations.length > 0
    )!
    const entryId = card.citations[0]!.entryId
    const liked = async (engine: typeof run.engine) =>
      (await call<KnowledgeEntry[]>(engine, 'knowledge.list', {})).find((entry) => entry.id === entryId)!
        .counters.liked
    const before = await liked(run.engine)

    const reacted = await call<Suggestion>(run.engine, 'suggestions.react', {
      suggestionId: card.id,
      kind: 'liked'
    })
    expect(reacted.feedback.map((feedback) => feedback.kind)).toContain('liked')
    expect(await liked(run.engine)).toBe(before + 1)
    const status = await call<EngineStatus>(run.engine, 'engine.status')
    expect(status.tickets).toBe(inMemory.size + 1)
    await run.engine.stop()

    // Kept: after a restart the card still has the like.
    const again = await open(dataDir, { kind: 'none' }, 7)
    const detail = await call<TicketDetail>(again.engine, 'tickets.get', { ticketId: card.ticketId })
    const kept = detail.suggestions.find((suggestion) => suggestion.id === card.id)!
    expect(kept.feedback.map((feedback) => feedback.kind)).toContain('liked')
    expect(await liked(again.engine)).toBe(before + 1)
    await again.engine.stop()
  }, 180_000)
})
