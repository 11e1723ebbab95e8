/**
 * The one composition root: every host (the Electron app, `vigil serve`, the CLI, tests) builds the engine here
 * from its own implementations of the host interfaces.
 */
import type { EngineHost } from './host'
import type { Engine, EngineOptions } from './types'
import { VigilEngine } from './vigilEngine'

export function createEngine(host: EngineHost, options: EngineOptions): Engine {
  return new VigilEngine(host, options)
}

export type { Engine, EngineActivity, EngineOptions, SourceOptions } from './types'
export type { EngineHost } from './host'
