/**
 * Electron quits synchronously, but the engine flushes to disk asynchronously. The gate holds the first quit,
 * stops the engine, then lets the quit through: the engine's files are complete whenever the app exits.
 */
export interface QuitGate {
  /** Call from `will-quit`; prevents the quit until the engine has stopped. */
  onWillQuit(event: { preventDefault(): void }): void
}

export function createQuitGate(options: {
  stop: () => Promise<void>
  quit: () => void
  onError: (error: unknown) => void
}): QuitGate {
  let state: 'running' | 'stopping' | 'stopped' = 'running'
  return {
    onWillQuit(event) {
      if (state === 'stopped') return
      event.preventDefault()
      if (state === 'stopping') return
      state = 'stopping'
      void options
        .stop()
        .catch(options.onError)
        .finally(() => {
          state = 'stopped'
          options.quit()
        })
    }
  }
}
