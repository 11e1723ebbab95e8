/** Builds real engines over temp folders, with the real node host and a quiet logger. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createEngine } from '../../src/main/engine/createEngine'
import type { Engine, EngineActivity, SourceOptions } from '../../src/main/engine/types'
import type { DemoCase } from '../../src/main/engine/connectors/demoCase'
import { createNodeHost, type NodeHost } from '../../src/main/headless/nodeHost'
import type { Logger } from '../../src/main/engine/host'

export const repoRoot = join(import.meta.dirname, '..', '..')
export const resourcesDir = join(repoRoot, 'resources')
export const demoFile = join(resourcesDir, 'demo', 'cases.json')

export const demoCases = (): DemoCase[] => JSON.parse(readFileSync(demoFile, 'utf8')).cases

export interface RecordingLogger extends Logger {
  warnings: string[]
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = []
  return { warnings, info() {}, warn: (message) => warnings.push(message), error: (m) => warnings.push(m) }
}

export interface Harness {
  engine: Engine
  host: NodeHost
  activity: EngineActivity[]
  logger: RecordingLogger
}

export function buildEngine(
  dataDir: string,
  source: SourceOptions = { kind: 'demo', speed: 'max' }
): Harness {
  const logger = recordingLogger()
  const host = createNodeHost({ dataDir, resourcesDir, logger, env: {} })
  const engine = createEngine(host, { source })
  const activity: EngineActivity[] = []
  engine.onActivity((item) => activity.push(item))
  return { engine, host, activity, logger }
}

/** Calls a route and returns its value, failing the test with the error otherwise. */
export async function call<T = unknown>(engine: Engine, route: string, input: unknown = {}): Promise<T> {
  const result = await engine.call(route, input)
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

/** Runs the demo to the end on a fresh engine and returns it (stopped) with what it did. */
export async function runToEnd(dataDir: string, source?: SourceOptions): Promise<Harness> {
  const harness = buildEngine(dataDir, source)
  await harness.engine.start()
  await harness.engine.whenSourceIdle()
  return harness
}
