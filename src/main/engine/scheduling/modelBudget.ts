/**
 * A time budget for one piece of model work (a message's stages, an Ask answer, a summary, learning one case):
 * every model call made under its signal — the wait for a call slot and retries included — is cancelled when the
 * budget runs out or the engine stops, and the work finishes the retrieval-only (or extractive) way.
 */
export interface ModelBudget {
  readonly seconds: number
  /** Aborts when the time is up or the engine stops. */
  readonly signal: AbortSignal
  /** Whether the time ran out (not the engine stopping, which is no problem to report). */
  expired(): boolean
}

export function modelBudget(seconds: number, life: AbortSignal): ModelBudget {
  const timer = AbortSignal.timeout(seconds * 1000)
  return {
    seconds,
    signal: AbortSignal.any([life, timer]),
    expired: () => timer.aborted && !life.aborted
  }
}
