/**
 * The built-in demo's schedule (`resources/demo/schedule.json`): how long the replay waits before each event at
 * speed 1. A bare speed factor cannot make a good first minute (the first card needs nine resolved cases, then a
 * person needs time to read it), so the demo is paced in phases: the first cases fast, then a pace to follow.
 * The cases keep their recorded order, so what Vigil learns and suggests is the same at every speed.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { ConnectorEvent } from '../../../shared/events'
import { eventTime } from '../../../shared/events'

const SECOND = 1_000
const MINUTE = 60_000

export const DemoPhase = z
  .object({
    /** The case whose opening starts the phase. */
    from: z.string().min(1),
    /** What the phase shows, in a sentence for the workbench. */
    note: z.string().min(1).max(300),
    /** Seconds waited per recorded minute between two events. */
    perRecordedMinute: z.number().nonnegative().max(60),
    minSeconds: z.number().nonnegative().max(600),
    maxSeconds: z.number().nonnegative().max(600),
    /** The wait before the phase's first event, whatever its recorded gap. Default 0. */
    pauseBeforeSeconds: z.number().nonnegative().max(600).optional()
  })
  .refine((phase) => phase.minSeconds <= phase.maxSeconds, {
    message: 'minSeconds is above maxSeconds',
    path: ['minSeconds']
  })
export type DemoPhase = z.infer<typeof DemoPhase>

export const DemoSchedule = z.object({
  version: z.literal(1),
  description: z.string(),
  phases: z.array(DemoPhase).min(1)
})
export type DemoSchedule = z.infer<typeof DemoSchedule>

/** Each event's wait at speed 1 (the first event's too) and the note of the phase it belongs to. */
export interface DemoPace {
  waitsMs: number[]
  notes: string[]
}

export async function loadDemoSchedule(file: string): Promise<DemoSchedule> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new VigilError(ErrorCode.demoInvalid, `${file}: cannot be read (${(error as Error).message})`)
  }
  const parsed = DemoSchedule.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new VigilError(
      ErrorCode.demoInvalid,
      `${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`
    )
  }
  return parsed.data
}

/**
 * The waits for `events` (in play order) under `schedule`. DEMO_INVALID when a phase names a case the events do not
 * open, or phases are out of order: a schedule that does not fit its cases is an error, not a silent fallback.
 */
export function paceEvents(events: readonly ConnectorEvent[], schedule: DemoSchedule): DemoPace {
  const starts = schedule.phases.map((phase) => {
    const position = events.findIndex(
      (event) => event.type === 'ticket.opened' && event.ticket.id === phase.from
    )
    if (position < 0) {
      throw new VigilError(ErrorCode.demoInvalid, `demo schedule: no case ${phase.from} in the demo's cases`)
    }
    return position
  })
  if (starts[0] !== 0) {
    throw new VigilError(
      ErrorCode.demoInvalid,
      `demo schedule: the first phase must start with the first case`
    )
  }
  starts.forEach((start, index) => {
    if (index > 0 && start <= starts[index - 1]!) {
      throw new VigilError(
        ErrorCode.demoInvalid,
        `demo schedule: phase ${schedule.phases[index]!.from} starts before the phase listed ahead of it`
      )
    }
  })
  const waitsMs: number[] = []
  const notes: string[] = []
  let phaseIndex = 0
  events.forEach((event, position) => {
    while (phaseIndex + 1 < starts.length && position >= starts[phaseIndex + 1]!) phaseIndex += 1
    const phase = schedule.phases[phaseIndex]!
    const previous = events[position - 1]
    let seconds = 0
    if (position === starts[phaseIndex]) seconds = phase.pauseBeforeSeconds ?? 0
    else if (previous) {
      const gapMinutes = Math.max(0, Date.parse(eventTime(event)) - Date.parse(eventTime(previous))) / MINUTE
      seconds = Math.min(phase.maxSeconds, Math.max(phase.minSeconds, gapMinutes * phase.perRecordedMinute))
    }
    waitsMs.push(Math.round(seconds * SECOND))
    notes.push(phase.note)
  })
  return { waitsMs, notes }
}
