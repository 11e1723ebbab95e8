/**
 * The engine's lifecycle shell: `start()` opens the stores and builds a `RunningEngine` whole (running/), which
 * applies connector events to conversations, runs the proactive pipeline on each message, learns on each
 * resolution and answers the contract's routes. Hosts build it with `createEngine`.
 *
 * Where to read what happens when:
 * - the order of work — events in stream order, each ticket's work on its own queue, tickets concurrently, model
 *   calls bounded, learning durable — is described in ONE place: scheduling/ticketQueues.ts;
 * - running/openStores.ts opens the data folder; running/buildParts.ts builds the collaborators;
 * - running/applyEvent.ts takes one event; running/speak.ts is the message path (escalation, pipeline, budget);
 *   running/learnOnResolution.ts learns from a resolved case; running/engineContext.ts is what route handlers see.
 */
import type { PushEnvelope } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import type { EngineHost } from './host'
import { openStores } from './running/openStores'
import { RunningEngine } from './running/runningEngine'
import { EngineWarnings } from './running/warnings'
import type { Engine, EngineActivity, EngineOptions } from './types'

export type { EngineContext } from './running/engineContext'

export class VigilEngine implements Engine {
  private readonly listeners = new Set<(envelope: PushEnvelope) => void>()
  private readonly activityListeners = new Set<(activity: EngineActivity) => void>()
  /** Settles once the engine is running (or failed to start); set by the first caller of `engine()`. */
  private running: Promise<RunningEngine> | null = null

  constructor(
    private readonly host: EngineHost,
    private readonly options: EngineOptions
  ) {}

  async start(): Promise<void> {
    await this.engine()
  }

  async stop(): Promise<void> {
    if (!this.running) return
    const running = await this.running.catch(() => null)
    await running?.stop()
  }

  async whenSourceIdle(): Promise<void> {
    await (await this.engine()).whenSourceIdle()
  }

  async call(route: string, input: unknown): Promise<Result<unknown>> {
    return (await this.engine()).call(route, input)
  }

  onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  onActivity(listener: (activity: EngineActivity) => void): () => void {
    this.activityListeners.add(listener)
    return () => this.activityListeners.delete(listener)
  }

  /** The running engine, started by the first caller; every later caller gets the same one. */
  private engine(): Promise<RunningEngine> {
    this.running ??= this.open()
    return this.running
  }

  private async open(): Promise<RunningEngine> {
    const warnings = new EngineWarnings(this.host.logger)
    const stores = await openStores(this.host, this.options, warnings)
    let running: RunningEngine
    try {
      running = new RunningEngine(this.host, this.options, stores, warnings, {
        emit: (envelope) => {
          for (const listener of this.listeners) listener(envelope)
        },
        activity: (activity) => {
          for (const listener of this.activityListeners) listener(activity)
        }
      })
    } catch (error) {
      await stores.close().catch(() => undefined)
      throw error
    }
    try {
      await running.begin()
    } catch (error) {
      // A failed start leaves nothing running and every file flushed, as a stop would.
      await running.stop().catch(() => undefined)
      throw error
    }
    return running
  }
}
