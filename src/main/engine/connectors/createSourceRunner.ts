/** Builds the runner for the engine's recorded source: the built-in demo, recorded events, or none. */
import { join } from 'node:path'
import type { CursorStore } from '../storage/cursorStore'
import type { SourceOptions } from '../types'
import { demoCaseEvents, loadDemoSet } from './demoCases'
import { loadDemoSchedule, paceEvents } from './demoSchedule'
import { ReplayConnector } from './replayConnector'
import { SourceRunner, type DeliveryHandler } from './sourceRunner'

/** A recorded source with its events loaded, ready to be driven. */
export interface RecordedSource {
  kind: 'demo' | 'replay'
  connector: ReplayConnector
}

/** Loads the source's events (the demo file is read here); null when the engine has no recorded source. */
export async function loadRecordedSource(
  source: SourceOptions,
  deps: {
    resourcesDir: string
    /** The `demo.speed` setting, used when the demo source names no speed. */
    demoSpeed: number
  }
): Promise<RecordedSource | null> {
  if (source.kind === 'none') return null
  const connector =
    source.kind === 'demo'
      ? await demoConnector(source, deps)
      : new ReplayConnector({
          id: source.id ?? 'replay',
          events: source.events,
          speed: source.speed ?? 'max'
        })
  return { kind: source.kind, connector }
}

/**
 * The demo: the built-in cases play at the pace of the built-in schedule (speed 1 = as designed); a cases file of
 * one's own plays its recorded time, `speed` times faster.
 */
async function demoConnector(
  source: Extract<SourceOptions, { kind: 'demo' }>,
  deps: { resourcesDir: string; demoSpeed: number }
): Promise<ReplayConnector> {
  const folder = join(deps.resourcesDir, 'demo')
  const events = demoCaseEvents((await loadDemoSet(source.file ?? join(folder, 'cases.json'))).cases)
  const pace = source.file
    ? undefined
    : paceEvents(events, await loadDemoSchedule(join(folder, 'schedule.json')))
  return new ReplayConnector({
    id: 'demo',
    events,
    speed: source.speed ?? deps.demoSpeed,
    ...(pace ? { pace } : {}),
    ...(source.sleep ? { sleep: source.sleep } : {})
  })
}

/** Drives a loaded source; synchronous, so the engine can build it together with everything it hands events to. */
export function createSourceRunner(
  source: RecordedSource,
  deps: { cursors: CursorStore; process: DeliveryHandler; onStatus: () => void }
): SourceRunner {
  return new SourceRunner(source.kind, source.connector, deps.cursors, deps.process, deps.onStatus)
}
