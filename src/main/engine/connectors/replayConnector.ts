/**
 * Plays recorded events (the demo's cases, or a data set under evaluation) as if they were happening now: tickets open, customers and analysts write, tickets
 * resolve, in recorded order, at a chosen speed. The cursor is "pass:position", so a restart resumes exactly
 * after the last processed event. A new pass replays the same cases again as new tickets (ids suffixed `-r2`...),
 * which shows what Vigil learned during the previous pass.
 *
 * The cursor is stored under a key that names the recorded events themselves (`cursorKey`: the connector id and a
 * fingerprint of the events), because a position means nothing in another recording: a different file, or the same
 * file edited, starts from its beginning instead of silently resuming at the old position. Events already processed
 * are still recognised by their ids in the engine's event log.
 */
import { createHash } from 'node:crypto'
import { channel } from 'node:diagnostics_channel'
import type { ConnectorEvent } from '../../../shared/events'
import { eventTime } from '../../../shared/events'
import type { DemoPace } from './demoSchedule'
import { NoteEchoes } from './noteEchoes'
import { sleep as defaultSleep, type Connector, type ConnectorDelivery } from './connector'

export interface ReplayConnectorOptions {
  /** Connector id (events in the log and internal notes are attributed to it). Default 'demo'. */
  id?: string
  /** Recorded events; played in time order (events with the same time keep their order). */
  events: readonly ConnectorEvent[]
  /** Multiple of real time, or 'max' for no waiting. */
  speed: number | 'max'
  /** Longest pause between two events in recorded time, so quiet nights pass quickly. Default 2 minutes. */
  maxGapMs?: number
  /**
   * A designed pace (the demo's schedule) instead of recorded time: the wait before each event at speed 1, which
   * `speed` then divides. `maxGapMs` does not apply.
   */
  pace?: DemoPace
  /** Injected for tests. Default: a timer that ends early on abort. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

export interface ReplayProgress {
  pass: number
  delivered: number
  total: number
  paused: boolean
  speed: number | 'max'
  /** What the current phase of a paced replay shows; null without a pace. */
  phase: string | null
}

/**
 * Published with `{ connectorId, event }` just before each event is yielded, so that instrumentation (the IRC
 * evaluation's latency figures) can time an event from the moment the connector hands it over. Costs one property
 * read per event while nobody subscribes.
 */
export const replayDeliveryChannel = channel('vigil:replay-connector.delivery')

export interface ReplayDeliveryMessage {
  connectorId: string
  event: ConnectorEvent
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export class ReplayConnector implements Connector {
  readonly id: string
  /** Where its cursor is stored: `<id>@<fingerprint of the events>`. */
  readonly cursorKey: string
  readonly notes: Array<{ ticketId: string; text: string }> = []
  private readonly baseEvents: ConnectorEvent[]
  private readonly span: number
  private speed: number | 'max'
  private paused = false
  private resumeWaiters: Array<() => void> = []
  private progress = { pass: 1, delivered: 0 }
  private phase: string | null = null
  /** Notes posted on replayed tickets, delivered back as their messages (see noteEchoes.ts). */
  private readonly echoes = new NoteEchoes()
  /** The time of the last delivered event, in the replay's clock. */
  private lastTime: string | null = null

  constructor(private readonly options: ReplayConnectorOptions) {
    this.id = options.id ?? 'demo'
    this.speed = options.speed
    this.baseEvents = sortByTime(options.events)
    this.cursorKey = `${this.id}@${fingerprint(this.baseEvents)}`
    const times = this.baseEvents.map((event) => Date.parse(eventTime(event)))
    this.span = times.length ? Math.max(...times) - Math.min(...times) : 0
  }

  get total(): number {
    return this.baseEvents.length
  }

  status(): ReplayProgress {
    return { ...this.progress, total: this.total, paused: this.paused, speed: this.speed, phase: this.phase }
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    for (const wake of this.resumeWaiters.splice(0)) wake()
  }

  setSpeed(speed: number | 'max'): void {
    this.speed = speed
  }

  /** The cursor that starts the pass after the one `cursor` belongs to. */
  nextPassCursor(cursor: string | null): string {
    return `${parseCursor(cursor).pass + 1}:0`
  }

  async *events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    const start = parseCursor(cursor)
    const sleep = this.options.sleep ?? defaultSleep
    const maxGap = this.options.maxGapMs ?? 2 * MINUTE
    this.progress = { pass: start.pass, delivered: start.position }
    // Before the pass's first event, the phase it opens with; after a restart, the phase of the last event delivered.
    this.phase = this.options.pace?.notes[Math.max(0, start.position - 1)] ?? null
    let previousTime: number | null = null
    for (let position = start.position; position < this.baseEvents.length; position++) {
      const event = forPass(this.baseEvents[position]!, start.pass, this.span)
      const time = Date.parse(eventTime(event))
      // A note's message carries the cursor of the last delivered event: replayed again after a restart, it is
      // recognised by its id and dropped.
      const here = `${start.pass}:${position}`
      const pace = this.options.pace
      if ((pace || previousTime !== null) && this.speed !== 'max') {
        const wait = pace
          ? (pace.waitsMs[position] ?? 0) / this.speed
          : Math.min(time - previousTime!, maxGap) / this.speed
        const started = Date.now()
        let waited = 0
        while (await this.echoes.waitUnlessNote((woken) => sleep(wait - waited, woken), signal)) {
          yield* this.deliverNotes(here)
          waited = Date.now() - started
        }
      }
      while (await this.echoes.waitUnlessNote((woken) => this.whileResumed(woken), signal)) {
        yield* this.deliverNotes(here)
      }
      if (signal.aborted) return
      yield* this.deliverNotes(here)
      previousTime = time
      this.lastTime = eventTime(event)
      this.progress = { pass: start.pass, delivered: position + 1 }
      // The phase is the one whose case has opened: its note starts with that event, not during the wait before it.
      this.phase = pace?.notes[position] ?? null
      if (replayDeliveryChannel.hasSubscribers) {
        replayDeliveryChannel.publish({ connectorId: this.id, event } satisfies ReplayDeliveryMessage)
      }
      yield { event, cursor: `${start.pass}:${position + 1}` }
    }
  }

  async postInternalNote(ticketId: string, text: string): Promise<void> {
    this.notes.push({ ticketId, text })
    this.echoes.add(ticketId, text, this.lastTime)
  }

  /** Notes posted since the replay last handed any over: after its last event, its runner delivers them. */
  takeNotes(): ConnectorEvent[] {
    return this.echoes.take()
  }

  private *deliverNotes(cursor: string): Generator<ConnectorDelivery> {
    for (const event of this.echoes.take()) yield { event, cursor }
  }

  private whileResumed(signal: AbortSignal): Promise<void> {
    if (!this.paused || signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      this.resumeWaiters.push(resolve)
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
  }
}

/** A short hash of the recording, in play order: equal only for the same events. */
function fingerprint(events: readonly ConnectorEvent[]): string {
  const hash = createHash('sha256')
  for (const event of events) hash.update(JSON.stringify(event)).update('\n')
  return hash.digest('hex').slice(0, 16)
}

function sortByTime(events: readonly ConnectorEvent[]): ConnectorEvent[] {
  return events
    .map((event, order) => ({ event, order, time: Date.parse(eventTime(event)) }))
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map((item) => item.event)
}

function parseCursor(cursor: string | null): { pass: number; position: number } {
  const match = cursor ? /^(\d+):(\d+)$/.exec(cursor) : null
  if (!match) return { pass: 1, position: 0 }
  return { pass: Math.max(1, Number(match[1])), position: Number(match[2]) }
}

/** A later pass names its tickets and events `<recorded id>-r<pass>`. */
const passSuffix = (pass: number): string => `-r${pass}`

/** The recorded case a replayed ticket plays again: its id without a later pass's suffix. */
export const recordedCaseOf = (ticketId: string): string => ticketId.replace(/-r\d+$/, '')

/** The same event in a later pass: new ids, shifted past the previous pass. */
function forPass(event: ConnectorEvent, pass: number, span: number): ConnectorEvent {
  if (pass === 1) return event
  const suffix = passSuffix(pass)
  const shift = (pass - 1) * (span + DAY)
  const time = (iso: string): string => new Date(Date.parse(iso) + shift).toISOString()
  const eventId = `${event.eventId}${suffix}`
  switch (event.type) {
    case 'ticket.opened':
    case 'ticket.updated':
      return {
        ...event,
        eventId,
        ticket: {
          ...event.ticket,
          id: event.ticket.id + suffix,
          createdAt: time(event.ticket.createdAt),
          updatedAt: time(event.ticket.updatedAt)
        }
      }
    case 'message.added':
      return {
        ...event,
        eventId,
        message: {
          ...event.message,
          id: event.message.id + suffix,
          ticketId: event.message.ticketId + suffix,
          time: time(event.message.time)
        }
      }
    case 'ticket.resolved':
      return { ...event, eventId, ticketId: event.ticketId + suffix, at: time(event.at) }
  }
}
