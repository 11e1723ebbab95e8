import { describe, expect, it } from 'vitest'
import type { Suggestion } from '../../../src/shared/domain'
import { DecisionTracker } from '../../../src/main/eval/irc/decisionTracker'

const suggestion = (triggerMessageId: string | null, kind: Suggestion['kind'] = 'answer') =>
  ({ type: 'suggestion', suggestion: { triggerMessageId, kind } as Suggestion }) as const

describe('DecisionTracker', () => {
  it('times each message from its yield to its decision and counts those past the wake gate', () => {
    let now = 0
    const tracker = new DecisionTracker(['m1', 'm2', 'm3'], () => now)
    tracker.yielded('m1')
    now = 2
    tracker.observe({ type: 'silent', ticketId: 't', messageId: 'm1', stage: 'wake', reason: 'analyst' })
    tracker.yielded('m2')
    now = 7
    tracker.observe(suggestion('m2'))
    tracker.yielded('m3')
    now = 8
    tracker.observe({ type: 'silent', ticketId: 't', messageId: 'm3', stage: 'retrieve', reason: 'none' })
    expect(tracker.latenciesMs).toEqual([2, 5, 1])
    expect(tracker.woke).toBe(2)
    expect(tracker.check()).toEqual({ undecided: 0, decidedTwice: 0 })
  })

  it('ignores stall checks and escalation alerts, and reports missing and repeated decisions', () => {
    const tracker = new DecisionTracker(['m1', 'm2'])
    tracker.observe({ type: 'silent', ticketId: 't', messageId: null, stage: 'wake', reason: 'nothing new' })
    tracker.observe(suggestion(null))
    tracker.observe(suggestion('m1', 'escalation'))
    tracker.observe({ type: 'silent', ticketId: 't', messageId: 'm1', stage: 'wake', reason: 'analyst' })
    tracker.observe({ type: 'silent', ticketId: 't', messageId: 'm1', stage: 'dedupe', reason: 'again' })
    expect(tracker.check()).toEqual({ undecided: 1, decidedTwice: 1 })
  })
})
