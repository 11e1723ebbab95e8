import { describe, expect, it } from 'vitest'
import { ReplayConnector } from '../../../src/main/engine/connectors/replayConnector'
import type { ConnectorDelivery } from '../../../src/main/engine/connectors/connector'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import { demoCases } from '../../helpers/engineHarness'

async function collect(connector: ReplayConnector, cursor: string | null, limit = Infinity) {
  const deliveries: ConnectorDelivery[] = []
  for await (const delivery of connector.events(cursor, new AbortController().signal)) {
    deliveries.push(delivery)
    if (deliveries.length >= limit) break
  }
  return deliveries
}

const cases = demoCases().slice(0, 4)

describe('ReplayConnector', () => {
  it('plays every case in time order: opened, messages, resolved', async () => {
    const all = await collect(new ReplayConnector({ events: demoCaseEvents(cases), speed: 'max' }), null)
    const messageCount = cases.reduce((sum, item) => sum + item.messages.length, 0)
    expect(all).toHaveLength(messageCount + cases.length * 2)
    const times = all.map(({ event }) =>
      event.type === 'message.added'
        ? event.message.time
        : event.type === 'ticket.resolved'
          ? event.at
          : event.ticket.createdAt
    )
    expect([...times].sort()).toEqual(times)
    expect(all[0]!.event.type).toBe('ticket.opened')
    expect(all.filter(({ event }) => event.type === 'ticket.resolved')).toHaveLength(cases.length)
  })

  it('resumes right after the cursor: nothing lost, nothing repeated', async () => {
    const connector = new ReplayConnector({ events: demoCaseEvents(cases), speed: 'max' })
    const all = await collect(connector, null)
    const head = await collect(connector, null, 7)
    const tail = await collect(connector, head.at(-1)!.cursor)
    expect([...head, ...tail].map((d) => d.event.eventId)).toEqual(all.map((d) => d.event.eventId))
  })

  it('waits the recorded gaps divided by the speed, capped for long pauses', async () => {
    const waits: number[] = []
    const connector = new ReplayConnector({
      events: demoCaseEvents(cases.slice(0, 1)),
      speed: 60,
      maxGapMs: 120_000,
      sleep: async (ms) => void waits.push(ms)
    })
    await collect(connector, null)
    const offsets = cases[0]!.messages.map((m) => m.offsetMinutes)
    const expectedFirstGap = Math.min((offsets[0]! - 0) * 60_000, 120_000) / 60
    expect(waits[0]).toBe(expectedFirstGap)
    expect(Math.max(...waits)).toBeLessThanOrEqual(120_000 / 60)
  })

  it('replays a new pass as new tickets after the previous one', async () => {
    const connector = new ReplayConnector({ events: demoCaseEvents(cases), speed: 'max' })
    const first = await collect(connector, null)
    const second = await collect(connector, connector.nextPassCursor(first.at(-1)!.cursor))
    const secondOpened = second[0]!.event
    expect(secondOpened.type === 'ticket.opened' && secondOpened.ticket.id).toBe(`${cases[0]!.id}-r2`)
    const lastOfFirst = first.at(-1)!.event
    const firstEnd = lastOfFirst.type === 'ticket.resolved' ? lastOfFirst.at : ''
    expect(secondOpened.type === 'ticket.opened' && secondOpened.ticket.createdAt > firstEnd).toBe(true)
  })
})

describe('ReplayConnector internal notes', () => {
  it('hands a posted note back as the ticket’s next message, at once, even while waiting for the next event', async () => {
    const controller = new AbortController()
    const connector = new ReplayConnector({ events: demoCaseEvents(cases.slice(0, 1)), speed: 1 })
    const stream = connector.events(null, controller.signal)
    const opened = await stream.next()
    expect(opened.value?.event.type).toBe('ticket.opened')
    const ticketId = opened.value!.event.type === 'ticket.opened' ? opened.value!.event.ticket.id : ''
    const first = await stream.next()
    expect(first.value?.event.type).toBe('message.added')
    // The next recorded message is a minute away at real-time speed: the note must not wait for it.
    const next = stream.next()
    await connector.postInternalNote(ticketId, 'Checked the SSO certificate: it expired yesterday.')
    const note = await next
    controller.abort()
    expect(note.value?.cursor).toBe(first.value!.cursor)
    expect(note.value?.event).toMatchObject({
      type: 'message.added',
      message: { ticketId, authorRole: 'analyst', text: 'Checked the SSO certificate: it expired yesterday.' }
    })
  })
})
