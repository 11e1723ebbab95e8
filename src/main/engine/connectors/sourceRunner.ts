/**
 * Drives one connector: pulls its events from the stored cursor, hands each to the engine, and stores the new
 * cursor only after the engine has processed the event. Knows whether the source is running, paused, done.
 */
import type { SourceStatus } from '../../../shared/contract'
import type { CursorStore } from '../storage/cursorStore'
import type { ConnectorDelivery } from './connector'
import type { ReplayConnector } from './replayConnector'

/** The most often the progress (events played) is told while events stream; a new phase is told at once. */
const PROGRESS_EVERY_MS = 500

export type DeliveryHandler = (connectorId: string, delivery: ConnectorDelivery) => Promise<void>

export class SourceRunner {
  private controller: AbortController | null = null
  private loop: Promise<void> = Promise.resolve()
  private state: SourceStatus['state'] = 'idle'
  /** The cursor of the last event handled: late notes are delivered under it (they move no cursor). */
  private lastCursor = ''
  private error: string | null = null
  /** What was last told: a status is told again when the phase changed, or (throttled) when events were played. */
  private told = { phase: null as string | null, delivered: -1, at: 0 }
  private progressTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly kind: SourceStatus['kind'],
    private readonly connector: ReplayConnector,
    private readonly cursors: CursorStore,
    private readonly handle: DeliveryHandler,
    private readonly onStatus: (status: SourceStatus) => void
  ) {}

  get connectorId(): string {
    return this.connector.id
  }

  /**
   * Posts the note through the replay, which hands it back as the ticket's next message; once the replay has
   * played its last event nobody pulls from it any more, so the runner delivers the note itself.
   */
  async postInternalNote(ticketId: string, text: string): Promise<void> {
    await this.connector.postInternalNote(ticketId, text)
    if (this.state === 'finished') await this.deliverLateNotes()
  }

  start(cursor = this.cursors.get(this.connector.cursorKey)): void {
    const controller = new AbortController()
    this.controller = controller
    this.setState('running')
    this.loop = this.run(cursor, controller.signal)
  }

  async stop(): Promise<void> {
    this.controller?.abort()
    await this.loop
    this.clearProgressTimer()
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
    this.tell()
  }

  /** Plays the recorded cases again as new tickets, after the current pass. */
  async restart(): Promise<void> {
    await this.stop()
    this.connector.resume()
    this.start(this.connector.nextPassCursor(this.cursors.get(this.connector.cursorKey)))
  }

  status(): SourceStatus {
    const progress = this.connector.status()
    return {
      kind: this.kind,
      state: this.state,
      delivered: progress.delivered,
      total: progress.total,
      speed: progress.speed === 'max' ? null : progress.speed,
      error: this.error,
      phase: this.state === 'finished' ? null : progress.phase
    }
  }

  private async run(cursor: string | null, signal: AbortSignal): Promise<void> {
    // Cursor writes are not awaited one by one: the store coalesces them, so a fast stream costs one file write
    // per burst instead of one synced write per event. The engine has logged each event before its cursor is
    // set, and a failed write still stops the source, at the next event or at the end.
    let written: Promise<void> = Promise.resolve()
    let writeError: unknown = null
    this.lastCursor = cursor ?? ''
    try {
      for await (const delivery of this.connector.events(cursor, signal)) {
        await this.handle(this.connector.id, delivery)
        this.lastCursor = delivery.cursor
        this.progressed()
        if (writeError) throw writeError
        written = this.cursors.set(this.connector.cursorKey, delivery.cursor)
        written.catch((error: unknown) => void (writeError ??= error))
        if (signal.aborted) break
      }
      await written
      if (writeError) throw writeError
      if (!signal.aborted) {
        await this.deliverLateNotes()
        this.setState('finished')
      }
    } catch (error) {
      await written.catch(() => undefined)
      this.error = (error as Error).message
      this.setState('error')
    }
  }

  private async deliverLateNotes(): Promise<void> {
    for (const event of this.connector.takeNotes()) {
      await this.handle(this.connector.id, { event, cursor: this.lastCursor })
    }
  }

  private setState(state: SourceStatus['state']): void {
    this.state = state
    this.tell()
  }

  /**
   * An event was played: the bar's note changes with the event that opens a phase (at once), and its counter moves
   * at most every PROGRESS_EVERY_MS while events stream, the last count told when the stream pauses.
   */
  private progressed(): void {
    const { phase, delivered } = this.connector.status()
    if (phase !== this.told.phase) return this.tell()
    if (delivered === this.told.delivered || this.progressTimer) return
    const wait = this.told.at + PROGRESS_EVERY_MS - Date.now()
    if (wait <= 0) return this.tell()
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null
      this.tell()
    }, wait)
    this.progressTimer.unref?.()
  }

  private tell(): void {
    this.clearProgressTimer()
    const status = this.status()
    this.told = { phase: this.connector.status().phase, delivered: status.delivered, at: Date.now() }
    this.onStatus(status)
  }

  private clearProgressTimer(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
  }
}
