/**
 * A time budget for one piece of model work (a message's stages, an Ask answer, a summary, learning one case):
 * every model call made under its signal — the wait for a call slot and retries included — is cancelled when the
 * budget runs out or the engine stops, and the work finishes the retrieval-only (or extractive) way.
 *
 * A budget is made for every message, so it must leave nothing behind on the engine's life signal:
 * `AbortSignal.any([life, timer])` (used before) adds an entry to the life signal's dependants that Node 20 never
 * removes, one per message for the engine's whole life (a soak of 100,000 messages grew the heap by it for good).
 * Here each life signal has one listener, and a budget is followed only until its time runs out.
 */
export interface ModelBudget {
  readonly seconds: number
  /** Aborts when the time is up or the engine stops. */
  readonly signal: AbortSignal
  /** Whether the time ran out (not the engine stopping, which is no problem to report). */
  expired(): boolean
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
  }
  return {
    seconds,
    signal: controller.signal,
    expired: () => ranOut && !life.aborted
  }
}
