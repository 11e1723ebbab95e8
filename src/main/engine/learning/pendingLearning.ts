/**
 * Resolutions whose learning failed for a reason a person can fix (knowledge that cannot be written, a damaged
 * team). They stay out of the learning journal, so the next start learns them again; until then they are a
 * problem in the engine status, and retried while the engine runs, so fixing the cause is enough.
 */
import { ErrorCode, VigilError } from '../../../shared/errors'

/** Failures another try can fix once a person acts; anything else is a verdict about the case itself. */
const fixable = new Set<string>([
  ErrorCode.storageFailed,
  ErrorCode.knowledgeUnavailable,
  ErrorCode.knowledgeCorrupt
])

export function isFixableLearningFailure(error: unknown): boolean {
  // Not a VigilError: a file-system error that escaped, or a bug; either way the case must not be written off.
  return !(error instanceof VigilError) || fixable.has(error.code)
}

/** Words the status problem always holds, for the CLI's summaries to find it. */
export const notLearnedYet = 'not learned yet'

export interface PendingResolution {
  eventId: string
  ticketId: string
  at: Date
  reason: string
}

export class PendingLearning {
  private readonly pending = new Map<string, PendingResolution>()
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly retry: (resolution: PendingResolution) => void,
    private readonly retryEveryMs = 60_000
  ) {}

  get size(): number {
    return this.pending.size
  }

  failed(resolution: PendingResolution): void {
    this.pending.set(resolution.eventId, resolution)
    this.timer ??= setInterval(() => this.retryAll(), this.retryEveryMs)
    this.timer.unref?.()
  }

  learned(eventId: string): void {
    if (!this.pending.delete(eventId) || this.pending.size > 0 || !this.timer) return
    clearInterval(this.timer)
    this.timer = null
  }

  retryAll(): void {
    for (const resolution of [...this.pending.values()]) this.retry(resolution)
  }

  /** The status line (none or one): how many resolutions wait and why the latest one failed. */
  problems(): string[] {
    if (this.pending.size === 0) return []
    const latest = [...this.pending.values()].at(-1)!
    const count =
      this.pending.size === 1 ? '1 resolved ticket is' : `${this.pending.size} resolved tickets are`
    return [
      `${count} ${notLearnedYet} (latest ${latest.ticketId}: ${latest.reason}); Vigil retries every ${Math.round(this.retryEveryMs / 1000)} s and at the next start`
    ]
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
