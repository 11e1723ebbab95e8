import type { PushEnvelope } from '../../src/shared/contract'
import type { Result } from '../../src/shared/errors'
import type { Engine, EngineActivity } from '../../src/main/engine/types'

/** A small in-memory engine: answers `echo.input` and `engine.status`, and pushes events on demand. */
export class FakeEngine implements Engine {
  readonly calls: { route: string; input: unknown }[] = []
  private readonly listeners = new Set<(envelope: PushEnvelope) => void>()
  started = false

  async call(route: string, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ route, input })
    if (route === 'echo.input') return { ok: true, value: { route, input } }
    if (route === 'engine.status') return { ok: true, value: { team: 'cloud-support', tickets: 2 } }
    return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: `No route named ${route}` } }
  }

  onEvent(listener: (envelope: PushEnvelope) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  onActivity(_listener: (activity: EngineActivity) => void): () => void {
    return () => undefined
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  emit(envelope: PushEnvelope): void {
    for (const listener of this.listeners) listener(envelope)
  }

  async start(): Promise<void> {
    this.started = true
  }

  async stop(): Promise<void> {
    this.started = false
  }

  async whenSourceIdle(): Promise<void> {}
}
