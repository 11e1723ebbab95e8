/**
 * Drives one connector: pulls its events from the stored cursor, hands each to the engine, and stores the new
 * cursor only after the engine has processed the event. Knows whether the source is running, paused, done.
 */
import type { SourceStatus } from '../../../shared/contract'
import type { CursorStore } from '../storage/cursorStore'
import type { ConnectorDelivery } from './connector'
import type { ReplayConnector } from './replayConnector'

export type DeliveryHandler = (connectorId: string, delivery: ConnectorDelivery) => Promise<void>

export class SourceRunner {
  private controller: AbortController | null = null
  private loop: Promise<void> = Promise.resolve()
  private state: SourceStatus['state'] = 'idle'
  private error: string | null = null

  constructor(
    private readonly kind: SourceStatus['kind'],
    private readonly connector: ReplayConnector,
    private readonly cursors: CursorStore,
    private readonly handle: DeliveryHandler,
    private readonly onStatus: (status: SourceStatus) => void
  ) {}

  start(cursor = this.cursors.get(this.connector.id)): void {
    const controller = new AbortController()
    this.controller = controller
    this.setState('running')
    this.loop = this.run(cursor, controller.signal)
  }

  async stop(): Promise<void> {
    this.controller?.abort()
    await this.loop
  }

  /** Resolves when the current run has delivered everything (or stopped). */
  whenIdle(): Promise<void> {
    return this.loop
  }

  pause(): void {
    this.connector.pause()
    if (this.state === 'running') this.setState('paused')
  }

  resume(): void {
    this.connector.resume()
    if (this.state === 'paused') this.setState('running')
  }

  setSpeed(speed: number): void {
    this.connector.setSpeed(speed)
    this.onStatus(this.status())
  }

  /** Plays the recorded cases again as new tickets, after the current pass. */
  async restart(): Promise<void> {
    await this.stop()
    this.connector.resume()
    this.start(this.connector.nextPassCursor(this.cursors.get(this.connector.id)))
  }

  status(): SourceStatus {
    const progress = this.connector.status()
    return {
      kind: this.kind,
      state: this.state,
      delivered: progress.delivered,
      total: progress.total,
      speed: progress.speed === 'max' ? null : progress.speed,
      error: this.error
    }
  }

  private async run(cursor: string | null, signal: AbortSignal): Promise<void> {
    try {
      for await (const delivery of this.connector.events(cursor, signal)) {
        await this.handle(this.connector.id, delivery)
        await this.cursors.set(this.connector.id, delivery.cursor)
        if (signal.aborted) break
      }
      if (!signal.aborted) this.setState('finished')
    } catch (error) {
      this.error = (error as Error).message
      this.setState('error')
    }
  }

  private setState(state: SourceStatus['state']): void {
    this.state = state
    this.onStatus(this.status())
  }
}
