/** The engine as every host sees it. Built by `createEngine` (the one composition root). */
import type { PushEnvelope } from '../../shared/contract'
import type { Result } from '../../shared/errors'

export interface Engine {
  /**
   * Runs one contract route: validates `input` against the route's zod schema, runs the handler, validates
   * nothing else. Never throws: failures come back as `{ ok: false, error: { code, message } }`.
   */
  call(route: string, input: unknown): Promise<Result<unknown>>
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (envelope: PushEnvelope) => void): () => void
  /** Loads settings and knowledge, rebuilds conversation state from the event log, starts the source. */
  start(): Promise<void>
  /** Stops the source and flushes everything to disk. Safe to call twice. */
  stop(): Promise<void>
  /** Resolves when a finite source (the demo replay) has delivered and processed every event. */
  whenSourceIdle(): Promise<void>
}

/** Where tickets come from. `none` means the engine only serves what it already has on disk. */
export type SourceOptions =
  | {
      kind: 'demo'
      /** Multiple of real time, or 'max' for no waiting at all. Default: the `demo.speed` setting. */
      speed?: number | 'max'
      /** A cases file in the demo format; default `resources/demo/cases.json`. */
      file?: string
    }
  | { kind: 'none' }

export interface EngineOptions {
  source: SourceOptions
}
