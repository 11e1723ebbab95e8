/**
 * The first minute of the demo: the real engine plays the built-in demo at speed 1 with a fake clock that honours
 * every wait of the schedule (no real waiting), and the test reads when the cards come.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import {
  loadDemoSchedule,
  paceEvents,
  type DemoSchedule
} from '../../../src/main/engine/connectors/demoSchedule'
import type { Suggestion } from '../../../src/shared/domain'
import { buildEngine, demoCases, resourcesDir } from '../../helpers/engineHarness'

const scheduleFile = join(resourcesDir, 'demo', 'schedule.json')
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

interface Timeline {
  /** Seconds on the fake clock when each card was pushed to the renderer. */
  cards: Array<{ seconds: number; suggestion: Suggestion }>
  /** The first card citing an entry learned earlier in the same run. */
  firstLearnedCard: { seconds: number; suggestion: Suggestion } | null
  /** Every wait the replay asked for, in milliseconds. */
  waits: number[]
  totalSeconds: number
}

async function playWithFakeClock(speed: number): Promise<Timeline> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-schedule-'))
  dirs.push(dir)
  let now = 0
  const waits: number[] = []
  // Honours the wait on the fake clock, then yields so the engine handles the event before the next one.
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms)
    now += Math.max(0, ms)
    await new Promise((resolve) => setImmediate(resolve))
  }
  const { engine } = buildEngine(dir, { kind: 'demo', speed, sleep })
  const learned = new Set<string>()
  const cards: Timeline['cards'] = []
  let firstLearnedCard: Timeline['firstLearnedCard'] = null
  engine.onActivity((activity) => {
    if (activity.type === 'learned') learned.add(activity.entry.id)
  })
  engine.onEvent((envelope) => {
    if (envelope.event !== 'suggestion.added') return
    const card = { seconds: now / 1000, suggestion: envelope.payload }
    cards.push(card)
    if (!firstLearnedCard && envelope.payload.citations.some((citation) => learned.has(citation.entryId))) {
      firstLearnedCard = card
    }
  })
  await engine.start()
  await engine.whenSourceIdle()
  await engine.stop()
  return { cards, firstLearnedCard, waits, totalSeconds: now / 1000 }
}

describe('the demo schedule', () => {
  it('shows a first card within 30 s and a card citing knowledge learned in the run within 90 s, then a pace to follow', async () => {
    const timeline = await playWithFakeClock(1)
    const first = timeline.cards[0]!
    const learnedCard = timeline.firstLearnedCard!
    console.info(
      `demo schedule: first card at ${first.seconds.toFixed(1)} s (${first.suggestion.ticketId}, ${first.suggestion.kind}); ` +
        `first card citing learned knowledge at ${learnedCard.seconds.toFixed(1)} s (${learnedCard.suggestion.ticketId}); ` +
        `${timeline.cards.length} cards, whole demo ${(timeline.totalSeconds / 60).toFixed(1)} min`
    )
    expect(first.seconds).toBeLessThanOrEqual(30)
    expect(learnedCard.seconds).toBeLessThanOrEqual(90)
    // A person can follow what comes after the first minute: events at least 2.5 s apart, the demo over in less
    // than 20 minutes, and never two cards less than 5 s apart on different tickets.
    const afterFirstMinute = timeline.cards.filter((card) => card.seconds > 60)
    expect(afterFirstMinute.length).toBeGreaterThan(10)
    const lateWaits = timeline.waits.slice(-150)
    expect(Math.min(...lateWaits)).toBeGreaterThanOrEqual(2_500)
    expect(timeline.totalSeconds).toBeLessThan(20 * 60)
    afterFirstMinute.forEach((card, index) => {
      const previous = afterFirstMinute[index - 1]
      if (previous && previous.suggestion.ticketId !== card.suggestion.ticketId) {
        expect(card.seconds - previous.seconds).toBeGreaterThanOrEqual(5)
      }
    })
  })

  it('is sped up by the speed setting: twice the speed, half the time', async () => {
    const [normal, fast] = [await playWithFakeClock(1), await playWithFakeClock(2)]
    expect(fast.cards.map((card) => card.suggestion.ticketId)).toEqual(
      normal.cards.map((card) => card.suggestion.ticketId)
    )
    expect(fast.totalSeconds).toBeCloseTo(normal.totalSeconds / 2, 0)
    expect(fast.firstLearnedCard!.seconds).toBeCloseTo(normal.firstLearnedCard!.seconds / 2, 0)
  })

  it('changes speed from the workbench while playing, and asks for the speed when none is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-schedule-'))
    dirs.push(dir)
    // Every wait lasts until the engine stops: the demo stays on its first event.
    const sleep = (_ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
    const { engine } = buildEngine(dir, { kind: 'demo', speed: 1, sleep })
    await engine.start()
    const result = await engine.call('demo.control', { action: 'speed', speed: 5 })
    expect(result).toMatchObject({ ok: true, value: { state: 'running', speed: 5 } })
    expect((result as { value: { phase: string } }).value.phase).toMatch(/first week/)
    expect(await engine.call('demo.control', { action: 'speed' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('speed') }
    })
    await engine.stop()
  })

  it('keeps the recorded order, and refuses a schedule naming a case the demo does not have', async () => {
    const schedule = await loadDemoSchedule(scheduleFile)
    const events = demoCaseEvents(demoCases())
    const pace = paceEvents(events, schedule)
    expect(pace.waitsMs).toHaveLength(events.length)
    expect(pace.notes[0]).toBe(schedule.phases[0]!.note)
    const broken: DemoSchedule = {
      ...schedule,
      phases: [...schedule.phases, { ...schedule.phases[1]!, from: 'NIM-9999' }]
    }
    expect(() => paceEvents(events, broken)).toThrow(/NIM-9999/)
  })
})

describe('the demo after it has finished', () => {
  it('restarts at the speed chosen once it finished (the workbench lets it be chosen then)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-schedule-'))
    dirs.push(dir)
    const waits: number[] = []
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms)
      await new Promise((resolve) => setImmediate(resolve))
    }
    const { engine } = buildEngine(dir, { kind: 'demo', speed: 20, sleep })
    await engine.start()
    await engine.whenSourceIdle()
    const firstPass = [...waits]
    const chosen = await engine.call('demo.control', { action: 'speed', speed: 1 })
    expect(chosen).toMatchObject({ ok: true, value: { state: 'finished', speed: 1 } })
    waits.length = 0
    expect(await engine.call('demo.control', { action: 'restart' })).toMatchObject({
      ok: true,
      value: { speed: 1 }
    })
    await engine.whenSourceIdle()
    // The same schedule, twenty times slower than the pass played at 20×.
    const sum = (list: number[]) => list.reduce((total, ms) => total + ms, 0)
    expect(sum(waits)).toBeCloseTo(sum(firstPass) * 20, -2)
    await engine.stop()
  }, 60_000)
})
