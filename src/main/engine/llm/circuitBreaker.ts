/**
 * Stops calling a model server that keeps failing. After `failures` failed calls in a row (unreachable, timed out,
 * server errors, output that is invalid even after the repair retry) the breaker opens: calls fail at once, without
 * reaching the server, and every caller falls back to retrieval as for any model failure. After a cool-down one call
 * is let through as a probe; a success closes the breaker, a failure opens it again for twice as long (capped).
 * Its state is told in words for the engine status.
 */
import { LlmError } from './llmError'
import type { LlmRuntime } from './llmRuntime'

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 3. */
  failures?: number
  /** First pause before a probe, in milliseconds. Default 30 000; doubles on each failed probe. */
  cooldownMs?: number
  /** Longest pause. Default 300 000. */
  maxCooldownMs?: number
  /** Wall-clock time in milliseconds. Default `Date.now`. */
  now?: () => number
  /** Told whenever the state changes (for the status line). */
  onChange?: (health: string) => void
}

export interface GuardedRuntime extends LlmRuntime {
  /** The breaker's state in words, e.g. "paused after 3 failures in a row; next try in 25 s". */
  health(): string
}

/** A failure of the server or the model, as opposed to the caller cancelling. */
const counts = (error: unknown): boolean => !(error instanceof LlmError) || error.code !== 'LLM_ABORTED'

/** The problem kept short for the status line, cut at a word (never mid-word, never leaving a dangling "or"). */
export function brief(message: string, max = 160): string {
  const text = message.trim()
  if (text.length <= max) return text
  const firstSentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0]
  if (firstSentence && firstSentence.length <= max) return firstSentence
  const cut = text.slice(0, max - 1)
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))
  return `${atWord.replace(/[\s,;:(-]+$/, '')}…`
}

export function withCircuitBreaker(runtime: LlmRuntime, options: BreakerOptions = {}): GuardedRuntime {
  const limit = options.failures ?? 3
  const firstCooldown = options.cooldownMs ?? 30_000
  const maxCooldown = options.maxCooldownMs ?? 300_000
  const now = options.now ?? Date.now
  let consecutive = 0
  let openUntil: number | null = null
  let cooldown = firstCooldown
  let probing = false
  let lastProblem = ''

  const health = (): string => {
    if (openUntil === null)
      return consecutive === 0 ? 'working' : `working (${consecutive} failed call(s) in a row)`
    const wait = Math.max(0, Math.ceil((openUntil - now()) / 1000))
    return (
      `paused after ${limit} failures in a row (${lastProblem}); Vigil runs retrieval-only and ` +
      (probing ? 'is trying the model again now' : `tries the model again in ${wait} s`)
    )
  }
  const changed = (): void => options.onChange?.(health())

  const admit = (): void => {
    if (openUntil === null) return
    if (now() < openUntil || probing)
      // A stable message (no countdown), so the status line keeps it once rather than once per second.
      throw new LlmError(
        'LLM_UNAVAILABLE',
        `The model is paused after ${limit} failures in a row (${lastProblem}); Vigil runs retrieval-only until it answers again.`,
        { details: { breaker: 'open' } }
      )
    probing = true // The cool-down is over: this one call probes the server.
    changed()
  }
  const succeeded = (): void => {
    const wasOpen = openUntil !== null || consecutive > 0
    consecutive = 0
    openUntil = null
    probing = false
    cooldown = firstCooldown
    if (wasOpen) changed()
  }
  const failed = (error: unknown): void => {
    if (!counts(error)) {
      probing = false
      return
    }
    lastProblem = brief((error as Error).message)
    consecutive++
    if (probing || consecutive >= limit) {
      if (probing) cooldown = Math.min(maxCooldown, cooldown * 2)
      openUntil = now() + cooldown
      probing = false
    }
    changed()
  }
  const guard = async <T>(task: () => Promise<T>, embedding = false): Promise<T> => {
    admit()
    try {
      const result = await task()
      succeeded()
      return result
    } catch (error) {
      // A server without an embeddings endpoint answers those with an error; its chat still works.
      if (embedding && error instanceof LlmError && error.code === 'LLM_REMOTE_ERROR') probing = false
      else failed(error)
      throw error
    }
  }

  return {
    info: runtime.info,
    get calls() {
      return runtime.calls
    },
    health,
    async *chat(messages, generation) {
      admit()
      try {
        yield* runtime.chat(messages, generation)
        succeeded()
      } catch (error) {
        failed(error)
        throw error
      }
    },
    structured: (messages, schema, generation) =>
      guard(() => runtime.structured(messages, schema, generation)),
    embed: (texts, embedOptions) => guard(() => runtime.embed(texts, embedOptions), true),
    dispose: () => runtime.dispose()
  }
}
