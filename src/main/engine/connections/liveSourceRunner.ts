/**
 * Keeps one live connection running: pulls its events from the stored cursor, hands each to the engine, stores the
 * cursor after the engine processed it, and when the stream fails (server down, token expired) waits and starts
 * again from the last stored cursor, so nothing is lost or repeated. Stops on `stop()`.
 */
import type { ConnectorDelivery } from '../connectors/connector'
import { sleep } from '../connectors/connector'
import type { LiveConnector } from '../connectors/liveConnector'
import type { CursorStore } from '../storage/cursorStore'

export type LiveState = 'starting' | 'connected' | 'retrying' | 'stopped'

export interface LiveRunnerStatus {
  state: LiveState
  /** The last failure of the stream, in words; cleared once events flow again. */
  error: string | null
  restarts: number
}

/** Waits between restarts: 5 s, doubling to 5 minutes. */
const FIRST_RETRY_MS = 5_000
const MAX_RETRY_MS = 300_000
const STOP_GRACE_MS = 5_000

export class LiveSourceRunner {
  private readonly controller = new AbortController()
  private loop: Promise<void> = Promise.resolve()
  private status: LiveRunnerStatus = { state: 'starting', error: null, restarts: 0 }

  constructor(
    readonly connector: LiveConnector,
    private readonly cursors: CursorStore,
    private readonly handle: (connectorId: string, delivery: ConnectorDelivery) => Promise<void>,
    private readonly onChange: () => void,
    private readonly wait: (ms: number, signal: AbortSignal) => Promise<void> = sleep
  ) {}

  start(): void {
    this.loop = this.run()
  }

  /** Stops the stream; a connector that does not end within a few seconds is left behind rather than waited for. */
  async stop(): Promise<void> {
    this.controller.abort()
    this.connector.dispose()
    let timer: NodeJS.Timeout | undefined
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))
    await Promise.race([this.loop, giveUp])
    clearTimeout(timer)
    this.set({ state: 'stopped' })
  }

  current(): LiveRunnerStatus {
    return { ...this.status }
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal
    let delay = FIRST_RETRY_MS
    while (!signal.aborted) {
      // As in the recorded source's runner: cursor writes are coalesced by the store, not awaited one by one (a
      // connection catching up on history paid three synced writes per event). Each event is logged before its
      // cursor is set, and a failed write stops the stream at the next event, to be retried like any failure.
      let written: Promise<void> = Promise.resolve()
      let writeError: unknown = null
      try {
        this.set({ state: 'connected' })
        for await (const delivery of this.connector.events(this.cursors.get(this.connector.id), signal)) {
          await this.handle(this.connector.id, delivery)
          if (writeError) throw writeError
          written = this.cursors.set(this.connector.id, delivery.cursor)
          written.catch((error: unknown) => void (writeError ??= error))
          if (this.status.error) this.set({ error: null })
          delay = FIRST_RETRY_MS
        }
        await written
        if (signal.aborted) return
        // A live stream that ends by itself is restarted like a failed one.
      } catch (error) {
        await written.catch(() => undefined)
        if (signal.aborted) return
        this.set({ state: 'retrying', error: (error as Error).message, restarts: this.status.restarts + 1 })
      }
      await this.wait(delay, signal)
      delay = Math.min(delay * 2, MAX_RETRY_MS)
    }
  }

  private set(change: Partial<LiveRunnerStatus>): void {
    this.status = { ...this.status, ...change }
    this.onChange()
  }
}
