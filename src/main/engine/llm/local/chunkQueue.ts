/**
 * Turns text pushed by a callback (node-llama-cpp's `onTextChunk`) into an async iterable. A failure is thrown to
 * the reader at once, before any chunks still waiting: after an abort the reader should stop, not drain.
 */
export class ChunkQueue implements AsyncIterable<string> {
  private readonly chunks: string[] = []
  private state: { kind: 'open' } | { kind: 'ended' } | { kind: 'failed'; error: unknown } = { kind: 'open' }
  private wake: (() => void) | undefined

  push(chunk: string): void {
    if (this.state.kind !== 'open' || chunk === '') return
    this.chunks.push(chunk)
    this.notify()
  }

  end(): void {
    if (this.state.kind === 'open') this.state = { kind: 'ended' }
    this.notify()
  }

  fail(error: unknown): void {
    if (this.state.kind === 'open') this.state = { kind: 'failed', error }
    this.notify()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      if (this.state.kind === 'failed') throw this.state.error
      const next = this.chunks.shift()
      if (next !== undefined) yield next
      else if (this.state.kind === 'ended') return
      else await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
