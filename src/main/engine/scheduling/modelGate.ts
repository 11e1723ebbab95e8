/**
 * A bounded number of model calls at once, across every ticket, Ask, Summarize and learning: a slow or busy model
 * server gets a steady load instead of one request per waiting message, and a caller whose time budget runs out
 * while waiting for a slot gives up at once (`LLM_ABORTED`) instead of queueing a call nobody will wait for.
 */
import { LlmError } from '../llm/llmError'
import type { LlmRuntime } from '../llm/llmRuntime'

export class ModelGate {
  private running = 0
  private readonly waiting: Array<() => void> = []
  private readonly wrapped = new WeakMap<LlmRuntime, LlmRuntime>()

  constructor(private readonly limit: () => number) {}

  /**
   * The runtime whose every call waits for a slot; null stays null. With `budget`, every call (and its wait) is
   * also cancelled when that signal aborts — one message's time budget, whatever stage makes the call.
   */
  wrap(runtime: LlmRuntime | null, budget?: AbortSignal): LlmRuntime | null {
    if (!runtime) return null
    if (budget) return this.limited(runtime, budget)
    let limited = this.wrapped.get(runtime)
    if (!limited) {
      limited = this.limited(runtime)
      this.wrapped.set(runtime, limited)
    }
    return limited
  }

  /** Calls running now (for tests and the benchmark). */
  get active(): number {
    return this.running
  }

  private limited(runtime: LlmRuntime, budget?: AbortSignal): LlmRuntime {
    const bounded = <O extends { signal?: AbortSignal }>(options: O | undefined): O | undefined => {
      if (!budget) return options
      const signal = options?.signal ? AbortSignal.any([options.signal, budget]) : budget
      return { ...(options ?? ({} as O)), signal }
    }
    const withSlot = async <T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> => {
      await this.acquire(signal)
      try {
        return await call()
      } finally {
        this.release()
      }
    }
    const gate = this.acquire.bind(this)
    const release = this.release.bind(this)
    return {
      get info() {
        return runtime.info
      },
      get calls() {
        return runtime.calls
      },
      structured: (messages, schema, given) => {
        const options = bounded(given)
        return withSlot(options?.signal, () => runtime.structured(messages, schema, options))
      },
      embed: (texts, given) => {
        const options = bounded(given)
        return withSlot(options?.signal, () => runtime.embed(texts, options))
      },
      async *chat(messages, given) {
        const options = bounded(given)
        await gate(options?.signal)
        try {
          yield* runtime.chat(messages, options)
        } finally {
          release()
        }
      },
      ...(runtime.countTokens ? { countTokens: (text: string) => runtime.countTokens!(text) } : {}),
      dispose: () => runtime.dispose()
    }
  }

  private async acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw aborted()
    if (this.running < Math.max(1, this.limit())) {
      this.running++
      return
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(admit)
        if (index >= 0) this.waiting.splice(index, 1)
        reject(aborted())
      }
      const admit = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(admit)
    })
  }

  /** A finished call hands its slot straight to the next waiter, so the count never dips below the load. */
  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.running--
  }
}

const aborted = (): LlmError =>
  new LlmError('LLM_ABORTED', 'The message ran out of time while waiting for a model slot')
