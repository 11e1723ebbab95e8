/**
 * The escalation patterns run in one long-lived worker thread with a time bound, instead of a script timeout that
 * starts a watchdog thread for every customer message: the same matches as the script timeout, one worker for any
 * number of messages, and a runaway pattern stopped at its bound with the lists before it still answered.
 */
import { describe, expect, it } from 'vitest'
import { firstMatches, firstMatchesInContext } from '../../../src/main/engine/escalation/boundedMatch'
import { matchWorkerStarts } from '../../../src/main/engine/escalation/matchWorker'

const lists = [
  [/\boutage\b/i, /\bdown for everyone\b/i],
  [/\b(furious|unacceptable)\b/i, /cancel (my|our) (account|subscription)/i],
  [/\brefund\b/i],
  [/\bdata (loss|lost)\b/i]
]
const texts = [
  'Is there an outage? This is unacceptable, we lost a day.',
  'Please cancel our subscription and send a refund.',
  'Thanks, that fixed it!',
  'Ünïcödé “quotes” and a refund — data lost?'
]

describe('match worker', () => {
  it('finds what the script timeout finds, in one worker for many messages', () => {
    const before = matchWorkerStarts()
    for (let round = 0; round < 50; round++)
      for (const text of texts) {
        expect(firstMatches(lists, text, 1_000)).toEqual(firstMatchesInContext(lists, text, 1_000))
        expect(firstMatches(lists, text, 1_000, 2)).toEqual(firstMatchesInContext(lists, text, 1_000, 2))
      }
    expect(firstMatches(lists, texts[0]!, 1_000).found).toEqual(['outage', 'unacceptable', null, null])
    expect(matchWorkerStarts() - before).toBeLessThanOrEqual(1)
  })

  it('stops a runaway pattern at its bound, keeps the lists done before it, and answers again after', () => {
    const runaway = [[/\brefund\b/i], [/^(a|aa)+$/i], [/\bdata lost\b/i]]
    const text = `${'a'.repeat(60)}b refund`
    const started = performance.now()
    const stopped = firstMatches(runaway, text, 100)
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(stopped.stoppedAt).toBe(1)
    expect(stopped.found[0]).toBe('refund')
    const starts = matchWorkerStarts()
    expect(firstMatches(lists, texts[1]!, 1_000).found).toEqual([
      null,
      'cancel our subscription',
      'refund',
      null
    ])
    expect(matchWorkerStarts()).toBe(starts + 1)
  })

  it('answers a request the worker has not picked up yet as not done, never with the previous answer', () => {
    // A busy machine can leave the worker unscheduled for the whole bound. The answer length left by the previous
    // request must not be read over the new request (that was "Unterminated string in JSON" on a loaded machine).
    expect(firstMatches(lists, texts[0]!, 1_000).found).toEqual(['outage', 'unacceptable', null, null])
    for (let round = 0; round < 20; round++) {
      const result = firstMatches(lists, texts[1]!, 0)
      if (result.stoppedAt === null)
        expect(result.found).toEqual([null, 'cancel our subscription', 'refund', null])
      else expect(result.found).toEqual(result.found.slice(0, result.stoppedAt))
      expect(firstMatches(lists, texts[0]!, 1_000).found).toEqual(['outage', 'unacceptable', null, null])
    }
  })
})
