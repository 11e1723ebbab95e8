import { describe, expect, it } from 'vitest'
import {
  createRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  sleepUnlessAborted
} from '../../../../src/main/engine/llm/remote/retryPolicy'

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3_000)
    expect(parseRetryAfter('0.5', now)).toBe(500)
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:07 GMT', now)).toBe(7_000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('doubles the backoff up to its cap, with the upper half random', () => {
    const low = createRetryPolicy({ random: () => 0 })
    const high = createRetryPolicy({ random: () => 0.999999 })
    expect([0, 1, 2, 3, 4, 5].map((retry) => retryDelay(retry, low, undefined))).toEqual([
      250, 500, 1000, 2000, 4000, 4000
    ])
    expect([0, 1, 2].map((retry) => retryDelay(retry, high, undefined))).toEqual([500, 1000, 2000])
  })

  it('waits what the server asked when it said', () => {
    expect(retryDelay(2, createRetryPolicy(), 1_234)).toBe(1_234)
  })

  it('stops sleeping when aborted', async () => {
    const controller = new AbortController()
    const sleeping = sleepUnlessAborted(60_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(sleeping).rejects.toThrow('stop')
  })
})
