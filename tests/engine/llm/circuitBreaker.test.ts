import { describe, expect, it } from 'vitest'
import { brief, withCircuitBreaker } from '../../../src/main/engine/llm/circuitBreaker'
import { createLlmRuntime } from '../../../src/main/engine/llm/createLlmRuntime'
import { LlmError } from '../../../src/main/engine/llm/llmError'
import { ScriptedBackend } from '../../../src/main/engine/llm/scriptedBackend'
import { z } from 'zod'

const schema = { name: 'test.v1', schema: z.object({ ok: z.boolean() }) }

function breakerOver(answer: () => string) {
  let clock = 0
  let reached = 0
  const backend = new ScriptedBackend(() => {
    reached++
    return answer()
  })
  const changes: string[] = []
  const runtime = withCircuitBreaker(createLlmRuntime(backend, { timeoutMs: 1_000 }), {
    failures: 3,
    cooldownMs: 10_000,
    now: () => clock,
    onChange: (health) => changes.push(health)
  })
  const call = () => runtime.structured([{ role: 'user', content: 'x' }], schema)
  return {
    runtime,
    call,
    changes,
    reached: () => reached,
    advance: (ms: number) => (clock += ms)
  }
}

describe('circuit breaker', () => {
  it('stops calling a failing model after 3 failures in a row, says so, and probes again after the pause', async () => {
    let healthy = false
    const b = breakerOver(() => {
      if (healthy) return '{"ok":true}'
      throw new LlmError('LLM_UNAVAILABLE', 'connection refused')
    })
    for (let i = 0; i < 3; i++) await expect(b.call()).rejects.toThrow('connection refused')
    expect(b.reached()).toBe(3)
    expect(b.runtime.health()).toMatch(
      /paused after 3 failures in a row \(.*connection refused\).*again in 10 s/
    )
    // While paused, calls fail at once without reaching the server.
    await expect(b.call()).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' })
    expect(b.reached()).toBe(3)
    // A failed probe pauses for twice as long.
    b.advance(10_000)
    await expect(b.call()).rejects.toThrow('connection refused')
    expect(b.reached()).toBe(4)
    expect(b.runtime.health()).toMatch(/again in 20 s/)
    b.advance(20_000)
    healthy = true
    await expect(b.call()).resolves.toEqual({ ok: true })
    expect(b.runtime.health()).toBe('working')
    expect(b.changes.at(-1)).toBe('working')
  })

  it('a success resets the count: only failures in a row open it', async () => {
    let n = 0
    const b = breakerOver(() => {
      n++
      if (n % 3 === 0) return '{"ok":true}'
      throw new LlmError('LLM_TIMEOUT', 'slow')
    })
    for (let i = 0; i < 9; i++) await b.call().catch(() => undefined)
    expect(b.reached()).toBe(9)
    expect(b.runtime.health()).toBe('working')
  })

  it('counts the repair retry as a model call, and opens on output that stays invalid', async () => {
    const b = breakerOver(() => '<html>502 Bad Gateway</html>')
    for (let i = 0; i < 3; i++) await expect(b.call()).rejects.toMatchObject({ code: 'LLM_INVALID_OUTPUT' })
    expect(b.runtime.calls).toBe(6)
    expect(b.runtime.health()).toMatch(/paused/)
  })
})

describe('the paused breaker in words', () => {
  it('keeps a long server error whole to its first sentence, never cut mid-sentence ("overloaded or );")', async () => {
    const long =
      'POST http://127.0.0.1:9/v1/chat/completions failed (HTTP 500 Internal Server Error) and still failed ' +
      'after 2 retries: "upstream exploded". The server may be overloaded or misconfigured; check its logs.'
    const b = breakerOver(() => {
      throw new LlmError('LLM_REMOTE_ERROR', long)
    })
    for (let i = 0; i < 3; i++) await expect(b.call()).rejects.toThrow('upstream')
    expect(b.runtime.health()).toContain('(POST http://127.0.0.1:9/v1/chat/completions failed (HTTP 500')
    expect(b.runtime.health()).toContain('"upstream exploded".); Vigil runs retrieval-only')
    expect(b.runtime.health()).not.toMatch(/overloaded or \)/)
  })

  it('cuts a long problem without sentences at a word, marked with an ellipsis', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')
    const short = brief(words)
    expect(short.length).toBeLessThanOrEqual(160)
    expect(short).toMatch(/ word\d+…$/)
    expect(words.startsWith(short.slice(0, -1))).toBe(true)
  })
})
