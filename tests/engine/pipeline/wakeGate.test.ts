import { describe, expect, it } from 'vitest'
import { wakeGate } from '../../../src/main/engine/pipeline/wakeGate'
import { conversation, message } from '../../helpers/knowledgeFixtures'

describe('wakeGate', () => {
  it('wakes on a customer question, an error report and a stack trace', () => {
    const state = conversation()
    message(state, 'customer', 'Hello there, I have a problem with our account setup today', 0)
    expect(
      wakeGate(state, message(state, 'customer', 'How do I rotate the webhook secret?', 1), 'x').wake
    ).toBe(true)
    expect(wakeGate(state, message(state, 'customer', 'the export failed again', 2), 'x').wake).toBe(true)
    const trace = 'TypeError: cannot read properties of undefined\n    at run (/app/sync.js:12:5)'
    expect(wakeGate(state, message(state, 'customer', trace, 3), 'x')).toEqual({
      wake: true,
      reason: 'the customer pasted a stack trace'
    })
  })

  it('calls one error line an error report, not a pasted stack trace', () => {
    const state = conversation()
    message(state, 'customer', 'Hello there, I have a problem with our account setup today', 0)
    const line = 'TypeError: cannot read properties of undefined'
    expect(wakeGate(state, message(state, 'customer', line, 1), 'x')).toEqual({
      wake: true,
      reason: 'the customer reported an error or failure'
    })
  })

  it('wakes on the first problem description of a ticket', () => {
    const state = conversation()
    const first = message(state, 'customer', 'Our nightly job pushes product records into the platform', 0)
    expect(wakeGate(state, first, 'x')).toEqual({
      wake: true,
      reason: 'the customer described a new problem'
    })
  })

  it('stays quiet on chatter and never talks over the analyst, a bot or the system', () => {
    const state = conversation()
    message(state, 'customer', 'Our SSO login fails with an error since this morning', 0)
    expect(wakeGate(state, message(state, 'customer', 'ok thanks, one sec', 1), 'x').wake).toBe(false)
    for (const role of ['analyst', 'bot', 'system'] as const) {
      expect(
        wakeGate(state, message(state, role, 'Why does the export fail with an error?', 2), 'x').wake
      ).toBe(false)
    }
  })

  it('stays quiet once the customer says the problem is solved, error words or not (the case is wrapping up)', () => {
    const state = conversation()
    message(state, 'customer', 'Our webhook consumer rejects every delivery since this morning', 0)
    message(state, 'analyst', 'Fetch the new secret, write it to Vault and reload the consumer.', 1)
    const solved = message(
      state,
      'customer',
      "Vault updated, consumer reloaded, replay done. All green. Fixing the job's error handling too.",
      2
    )
    expect(wakeGate(state, solved, 'x')).toEqual({
      wake: false,
      reason: 'the customer says the problem is solved; the case is wrapping up'
    })
    // Waiting after saying it works is no stall Vigil could help with.
    expect(wakeGate(state, null, 'stalled').wake).toBe(false)
    // A new problem in the same breath still wakes Vigil.
    const more = message(state, 'customer', 'All green there. But now the CSV export fails with a 504.', 3)
    expect(wakeGate(state, more, 'x')).toEqual({
      wake: true,
      reason: 'the customer reported an error or failure'
    })
  })

  it('says the customer asked a question only when they did: "Will check back after lunch" asks nothing', () => {
    const state = conversation()
    message(state, 'customer', 'Our custom domain is stuck on Pending verification since Sunday', 0)
    const said = (text: string, minute: number) =>
      wakeGate(state, message(state, 'customer', text, minute), 'x')
    expect(said('Changed it. dig now returns the new target. Will check back after lunch.', 1).wake).toBe(
      false
    )
    expect(said('Could be our registrar caching the old record.', 2).wake).toBe(false)
    for (const [index, question] of [
      'Will the certificate be issued automatically',
      'can you check the record from your side',
      'how long does verification take',
      'When should I click Re-check'
    ].entries())
      expect(said(question, 3 + index), question).toEqual({
        wake: true,
        reason: 'the customer asked a question'
      })
  })

  it('does not wake for a stalled case while the customer is off trying the steps', () => {
    const state = conversation()
    message(state, 'customer', 'Our custom domain is stuck on Pending verification since Sunday', 0)
    message(state, 'analyst', 'Point the CNAME at domains.nimbus.example.com, then click Re-check.', 1)
    message(state, 'customer', 'Changed it. dig now returns the new target. Will check back after lunch.', 2)
    expect(wakeGate(state, null, 'stalled')).toEqual({
      wake: false,
      reason: 'the customer is trying the steps and will report back'
    })
    // A customer who answered the analyst's question does wait for the next step.
    message(state, 'customer', 'It shows the old target still, and the status stays on pending', 3)
    expect(wakeGate(state, null, 'stalled').wake).toBe(true)
  })

  it('wakes for a stalled case only when no message triggered it', () => {
    const state = conversation()
    message(state, 'customer', 'Still waiting for an answer on the login error', 0)
    expect(wakeGate(state, null, 'stalled').wake).toBe(true)
    expect(wakeGate(state, null, 'waiting on analyst').wake).toBe(false)
  })

  it('stays quiet on resolved tickets', () => {
    const state = conversation()
    state.resolve('2026-03-02T10:00:00.000Z')
    expect(wakeGate(state, message(state, 'customer', 'Why is it failing again?', 1), 'x').wake).toBe(false)
  })
})
