/**
 * `vigil bench soak`: a small soak (40 tickets of 4 messages spread over a year, so long-resolved ones leave memory)
 * through the whole engine, and the figures it prints; the 10,000-ticket run is the benchmark's (README).
 */
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { soakEvents } from '../../src/main/eval/bench/soakSource'
import { eventTime } from '../../src/shared/events'
import { captureIo } from '../helpers/captureIo'

describe('vigil bench soak', () => {
  it('plays tickets through the engine and reports throughput, latency, memory, restart and no event lost', async () => {
    const capture = captureIo()
    expect(await main(['bench', 'soak', '--tickets', '40', '--messages', '4', '--json'], capture.io)).toBe(0)
    const report = JSON.parse(capture.stdout())
    const planned = [...soakEvents({ tickets: 40, messages: 4, team: 'x' })]
    expect(report).toMatchObject({
      tickets: 40,
      messagesPerTicket: 4,
      events: planned.length,
      messages: planned.filter((event) => event.type === 'message.added').length,
      eventsLost: 0,
      eventsRepeated: 0,
      eventsSkipped: 0
    })
    expect(report.throughputMessagesPerS).toBeGreaterThan(0)
    expect(report.latencyP95Ms).toBeGreaterThanOrEqual(report.latencyP50Ms)
    for (const field of [
      'rssStartMb',
      'rssMiddleMb',
      'rssEndMb',
      'rssCompactedMiddleMb',
      'reopenMs',
      'reopenCpuMs'
    ])
      expect(report[field]).toBeGreaterThan(0)
    expect(report.restartMs).toBe(report.closeMs + report.reopenMs)
    // Nine days apart with a 30-day retention: most tickets left memory, and the archive holds their events.
    expect(report.ticketsInMemoryEnd).toBeLessThan(10)
    expect(report.diskMb['events-archive.jsonl']).toBeGreaterThan(0)
    expect(report.targets.eventsLostOrRepeated.met).toBe(true)
    expect(report.targets.rssCompactedGrowthSecondHalf.met).toBe(
      report.rssCompactedMaxGrowthSecondHalf <= 0.1
    )
  }, 120_000)

  it('generates a year of tickets in time order, the same for the same seed', () => {
    const plan = { tickets: 300, messages: 6, team: 'x', seed: 3 }
    const events = [...soakEvents(plan)]
    const times = events.map((event) => Date.parse(eventTime(event)))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length)
    expect(events.filter((event) => event.type === 'ticket.opened')).toHaveLength(300)
    // About one in a hundred is written to again weeks after its resolution.
    expect(events.filter((event) => event.type === 'ticket.updated').length).toBeGreaterThan(0)
    expect([...soakEvents(plan)]).toEqual(events)
    const texts = new Set(
      events.flatMap((event) => (event.type === 'message.added' ? [event.message.text] : []))
    )
    expect(texts.size).toBeGreaterThan(300)
  })

  it('refuses a missing or bad size with its usage', async () => {
    const capture = captureIo()
    expect(await main(['bench', 'soak', '--tickets', '10'], capture.io)).toBe(2)
    expect(capture.stderr()).toMatch(/--messages must be a whole number from 2/)
  })
})
