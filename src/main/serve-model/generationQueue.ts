/**
 * One generation at a time: a model's context holds one conversation, so concurrent requests wait their turn
 * (first come, first served). A request whose client leaves while waiting gives up its place.
 */

export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} requests are already waiting for the model`)
    this.name = 'QueueFullError'
  }
}

export class GenerationQueue {
  private busy = false
  private readonly waiters: (() => void)[] = []

  /** @param maxWaiting requests allowed to wait behind the running one; more are refused. Default 16. */
  constructor(private readonly maxWaiting = 16) {}

  /** Requests waiting now, not counting the one running. */
  get waiting(): number {
    return this.waiters.length
  }

  /** Runs `task` when its turn comes; rejects with `signal.reason` if aborted first, QueueFullError if too many wait. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal)
    try {
      return await task()
    } finally {
      this.release()
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason)
    if (!this.busy) {
      this.busy = true
      return Promise.resolve()
    }
    if (this.waiters.length >= this.maxWaiting) return Promise.reject(new QueueFullError(this.waiters.length))
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        this.waiters.splice(this.waiters.indexOf(grant), 1)
        reject(signal.reason)
      }
      this.waiters.push(grant)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Hands the model straight to the next waiter, so no newcomer can slip in between. */
  private release(): void {
    const next = this.waiters.shift()
    if (next) next()
    else this.busy = false
  }
}
