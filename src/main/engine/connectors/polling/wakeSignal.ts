/** Lets a push channel (a websocket) cut the wait between two polls short, so new messages arrive within a second. */
export class WakeSignal {
  private pending = false
  private waiter: (() => void) | null = null

  wake(): void {
    this.pending = true
    this.waiter?.()
  }

  /** Waits `ms`, or less when woken (also by a wake that came while nobody waited), or until `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted || ms <= 0) {
      this.pending = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.waiter = null
        this.pending = false
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, { once: true })
      this.waiter = done
    })
  }
}
