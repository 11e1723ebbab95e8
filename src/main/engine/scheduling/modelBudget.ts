/**
 * A time budget for one piece of model work (a message's stages, an Ask answer, a summary, learning one case):
 * every model call made under its signal — the wait for a call slot and retries included — is cancelled when the
 * budget runs out or the engine stops, and the work finishes the retrieval-only (or extractive) way.
 *
 * A budget is made for every message, so it must leave nothing behind on the engine's life signal:
 * `AbortSignal.any([life, timer])` (used before) adds an entry to the life signal's dependants that Node 20 never
 * removes, one per message for the engine's whole life (a soak of 100,000 messages grew the heap by it for good).
 * Here each life signal has one listener, and a budget is followed only until its time runs out or its work is done
 * (`release`): a budget left to run out kept its timer, controller and signal alive 20 s after each message and 120 s
 * after each resolution, about 3,500 of them at once in a soak at 40-80 messages/s (heap snapshots, 2026-12-03).
 */
export interface ModelBudget {
  readonly seconds: number
  /** Aborts when the time is up or the engine stops. */
  readonly signal: AbortSignal
  /** Whether the time ran out (not the engine stopping, which is no problem to report). */
  expired(): boolean
  /**
   * The work is done: its timer and its place among the life signal's budgets go now. The signal is not aborted
   * (nothing under it is still running) and never aborts afterwards; `expired()` keeps its answer.
   */
  release(): void
}

/** The budgets under way per life signal, aborted together when it aborts. */
const following = new WeakMap<AbortSignal, Set<AbortController>>()

function follow(life: AbortSignal, controller: AbortController): () => void {
  let budgets = following.get(life)
  if (!budgets) {
    const set = new Set<AbortController>()
    budgets = set
    following.set(life, set)
    life.addEventListener(
      'abort',
      () => {
        for (const budget of set) budget.abort(life.reason)
        set.clear()
      },
      { once: true }
    )
  }
  const set = budgets
  set.add(controller)
  return () => set.delete(controller)
}

export function modelBudget(seconds: number, life: AbortSignal): ModelBudget {
  const controller = new AbortController()
  let ranOut = false
  let release = (): void => undefined
  if (life.aborted) controller.abort(life.reason)
  else {
    const unfollow = follow(life, controller)
    const timer = setTimeout(() => {
      ranOut = true
      unfollow()
      controller.abort(new DOMException('The model budget ran out', 'TimeoutError'))
    }, seconds * 1000)
    // Like AbortSignal.timeout: a pending budget never keeps the process alive.
    timer.unref()
    release = () => {
      clearTimeout(timer)
      unfollow()
    }
  }
  return {
    seconds,
    signal: controller.signal,
    expired: () => ranOut && !life.aborted,
    release: () => release()
  }
}
