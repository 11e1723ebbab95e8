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

  it('on the demo, each first case of a problem opened a gap that its resolution closed', async () => {
    const harness = await runToEnd(await tempDir())
    const gaps = await call<KnowledgeGap[]>(harness.engine, 'knowledge.gaps', {})
    expect(gaps.length).toBeGreaterThanOrEqual(10)
    expect(gaps.map((gap) => gap.ticketIds[0])).toContain('NIM-1001')
    expect(gaps.every((gap) => gap.status === 'closed' && gap.answeredBy)).toBe(true)
    await harness.engine.stop()
  })
})
