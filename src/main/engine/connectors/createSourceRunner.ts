/** Builds the runner for the engine's recorded source: the built-in demo, recorded events, or none. */
import { join } from 'node:path'
import type { CursorStore } from '../storage/cursorStore'
import type { SourceOptions } from '../types'
import { demoCaseEvents, loadDemoSet } from './demoCases'
import { ReplayConnector } from './replayConnector'
import { SourceRunner, type DeliveryHandler } from './sourceRunner'

export async function createSourceRunner(
  source: SourceOptions,
  deps: {
    resourcesDir: string
    /** The `demo.speed` setting, used when the demo source names no speed. */
    demoSpeed: number
    cursors: CursorStore
    process: DeliveryHandler
    onStatus: () => void
  }
): Promise<SourceRunner | null> {
  if (source.kind === 'none') return null
  const connector =
    source.kind === 'demo'
      ? new ReplayConnector({
          id: 'demo',
          events: demoCaseEvents(
            (await loadDemoSet(source.file ?? join(deps.resourcesDir, 'demo', 'cases.json'))).cases
          ),
          speed: source.speed ?? deps.demoSpeed
        })
      : new ReplayConnector({
          id: source.id ?? 'replay',
          events: source.events,
          speed: source.speed ?? 'max'
        })
  return new SourceRunner(source.kind, connector, deps.cursors, deps.process, deps.onStatus)
}
