/**
 * The engine's "now": with a source, the time of the latest event it delivered (a replay at any speed sees its
 * own timeline); without one, or before the first event, the host's clock.
 */
import type { Clock } from '../host'

export class EngineClock {
  private sourceTime: Date | null = null

  constructor(
    private readonly host: Clock,
    /** False when the engine has no source (`source.kind === 'none'`): always the host's clock. */
    private readonly followsSource: boolean
  ) {}

  /** An event rebuilt from the log: the log is in stream order, so its time is the source's time. */
  replayed(at: Date): void {
    this.sourceTime = at
  }

  /** A new event: the source's time moves forward only (tickets' events may interleave out of order). */
  advance(at: Date): void {
    if (!this.sourceTime || at > this.sourceTime) this.sourceTime = at
  }

  /** The time of the latest event (logged or new), whichever clock `now` follows; null before the first. */
  latestEvent(): Date | null {
    return this.sourceTime
  }

  now(): Date {
    return this.followsSource && this.sourceTime ? this.sourceTime : this.host.now()
  }
}
