/**
 * Runs tasks one at a time, in the order they were queued. A caller whose signal aborts while it waits is released
 * at once with the signal's reason, and its task never runs.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.tail.then(() => {
      signal?.throwIfAborted()
      return task()
    })
    // The next task waits for this one to finish, whatever its caller does meanwhile.
    this.tail = turn.catch(() => undefined)
    return signal ? releasedOnAbort(turn, signal) : turn
  }

  /** Resolves once every task queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail
  }
}

function releasedOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
