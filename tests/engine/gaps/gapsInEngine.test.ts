import { describe, expect, it } from 'vitest'
import type { KnowledgeGap } from '../../../src/shared/domain'
import type { ConnectorEvent } from '../../../src/shared/events'
import type { DemoCase } from '../../../src/main/engine/connectors/demoCase'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import { buildEngine, call, runToEnd } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

const customerCase = (id: string, subject: string, text: string, minute: number): DemoCase => ({
  id,
  subject,
  team: 'billing',
  assignee: 'Sam',
  openedAt: new Date(Date.parse('2026-04-01T09:00:00Z') + minute * 60_000).toISOString(),
  messages: [
    { role: 'customer', author: 'Customer', offsetMinutes: 0, text },
    { role: 'customer', author: 'Customer', offsetMinutes: 1, text: 'Any update on this please?' },
    { role: 'customer', author: 'Customer', offsetMinutes: 2, text }
  ],
  resolvedAfterMinutes: 500,
  rootCause: id
})

const cases = [
  customerCase(
    'GAP-1',
    'Charged twice for the annual plan',
    'Our card shows two identical charges for the annual plan renewal.',
    0
  ),
  customerCase(
    'GAP-2',
    'Dark mode missing in the mobile app',
    'The dark mode setting disappeared from the mobile app after the update.',
    5
  ),
  customerCase(
    'GAP-3',
    'We were charged twice for the plan',
    'Two identical charges for our plan renewal showed up on the card.',
    10
  )
]

/** The three customer problems, unresolved: Vigil has no knowledge for any of them. */
const unresolved = (): ConnectorEvent[] =>
  demoCaseEvents(cases).filter((event) => event.type !== 'ticket.resolved')

/** GAP-1 answered by an analyst and resolved: the team learns how to handle a double charge. */
const answered = (): ConnectorEvent[] => [
  ...unresolved(),
  {
    eventId: 'GAP-1:answer',
    type: 'message.added',
    message: {
      id: 'GAP-1-answer',
      ticketId: 'GAP-1',
      authorRole: 'analyst',
      authorName: 'Sam',
      text:
        'The first charge is an authorization hold from a declined attempt and was never captured. ' +
        'Your bank releases the hold within 5-7 business days. If it is still there after 7 days, reply here and we send a void confirmation.',
      time: '2026-04-01T12:00:00.000Z'
    }
  },
  { eventId: 'GAP-1:resolved', type: 'ticket.resolved', ticketId: 'GAP-1', at: '2026-04-01T12:05:00.000Z' }
]

const gapsOf = (engine: Parameters<typeof call>[0]) =>
  call<KnowledgeGap[]>(engine, 'knowledge.gaps', { team: 'billing' })

describe('knowledge gaps in the engine', () => {
  it('records the problems knowledge could not answer, one per topic counted across tickets, and keeps them', async () => {
    const dataDir = await tempDir()
    const harness = await runToEnd(dataDir, { kind: 'replay', events: unresolved(), speed: 'max' })
    const gaps = await gapsOf(harness.engine)
    expect(gaps.map((gap) => [gap.status, gap.count, gap.ticketIds])).toEqual([
      ['open', 2, ['GAP-1', 'GAP-3']],
      ['open', 1, ['GAP-2']]
    ])
    expect(gaps[0]!.title).toBe('Charged twice for the annual plan')
    await harness.engine.stop()

    const restarted = buildEngine(dataDir, { kind: 'none' })
    expect(await gapsOf(restarted.engine)).toEqual(gaps)
    await restarted.engine.stop()
  })

  it('closes a gap when knowledge appears that answers it, and lists the open ones first', async () => {
    const harness = await runToEnd(await tempDir(), { kind: 'replay', events: answered(), speed: 'max' })
    const gaps = await gapsOf(harness.engine)
    expect(gaps.map((gap) => [gap.status, gap.ticketIds])).toEqual([
      ['open', ['GAP-2']],
      ['closed', ['GAP-1', 'GAP-3']]
    ])
    expect(gaps[1]!.answeredBy?.entryId).toBeTruthy()
    const open = await call<KnowledgeGap[]>(harness.engine, 'knowledge.gaps', {
      team: 'billing',
      status: 'open'
    })
    expect(open.map((gap) => gap.ticketIds)).toEqual([['GAP-2']])
    await harness.engine.stop()
  })

  it("keeps a gap open when the only knowledge for it was learned from the gap's own ticket", async () => {
    const ownAnswer: ConnectorEvent[] = [
      ...answered(),
      {
        eventId: 'GAP-2:answer',
        type: 'message.added',
        message: {
          id: 'GAP-2-answer',
          ticketId: 'GAP-2',
          authorRole: 'analyst',
          authorName: 'Sam',
          text:
            'Dark mode moved to Profile > Appearance in version 5.12. Open Profile, tap Appearance and choose Dark. ' +
            'The old setting under Settings > Display was removed in that update.',
          time: '2026-04-01T12:10:00.000Z'
        }
      },
      {
        eventId: 'GAP-2:resolved',
        type: 'ticket.resolved',
        ticketId: 'GAP-2',
        at: '2026-04-01T12:15:00.000Z'
      }
    ]
    const harness = await runToEnd(await tempDir(), { kind: 'replay', events: ownAnswer, speed: 'max' })
    const gaps = await gapsOf(harness.engine)
    // GAP-3 was never answered and GAP-1's resolution answers it: closed. GAP-2 was answered by nobody but its
    // own analyst: Vigil learned from it, but the team still has a gap no customer was helped with yet.
    expect(gaps.map((gap) => [gap.status, gap.ticketIds])).toEqual([
      ['open', ['GAP-2']],
      ['closed', ['GAP-1', 'GAP-3']]
    ])
    await harness.engine.stop()
  })

  it('on the demo, problems Vigil never answered stay listed; the others close on knowledge that answered another ticket', async () => {
    const harness = await runToEnd(await tempDir())
    const gaps = await call<KnowledgeGap[]>(harness.engine, 'knowledge.gaps', {})
    expect(gaps.length).toBeGreaterThanOrEqual(10)
    const open = gaps.filter((gap) => gap.status === 'open')
    expect(open.map((gap) => gap.ticketIds[0])).toEqual(expect.arrayContaining(['NIM-1003', 'NIM-1021']))
    const entries = await call<Array<{ id: string; sourceTicketIds: string[] }>>(
      harness.engine,
      'knowledge.list',
      {}
    )
    // A ticket that got a knowledge card was answered: no gap counts it, whatever its customer wrote after the card
    // (a further card held back as improbable is not a problem the knowledge lacks).
    const cards = await call<Array<{ ticketId: string; kind: string; citations: unknown[] }>>(
      harness.engine,
      'suggestions.list',
      { limit: 500 }
    )
    const answered = new Set(
      cards
        .filter((card) => card.citations.length > 0 && ['answer', 'similar_case'].includes(card.kind))
        .map((card) => card.ticketId)
    )
    expect(answered.size).toBeGreaterThan(10)
    expect(gaps.flatMap((gap) => gap.ticketIds.filter((id) => answered.has(id)))).toEqual([])
    for (const gap of gaps.filter((item) => item.status === 'closed')) {
      expect(gap.answeredBy).toBeTruthy()
      const entry = entries.find((item) => item.id === gap.answeredBy!.entryId)!
      expect(entry.sourceTicketIds.some((id) => !gap.ticketIds.includes(id))).toBe(true)
    }
    await harness.engine.stop()
  })
})
