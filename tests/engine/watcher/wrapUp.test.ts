/** The customer saying the problem is solved, read without a model (see wrapUp.ts). */
import { describe, expect, it } from 'vitest'
import { confirmsFix, isWrappingUp } from '../../../src/main/engine/watcher/wrapUp'
import { conversation, message } from '../../helpers/knowledgeFixtures'

describe('confirmsFix', () => {
  it("reads the demo's confirmations as the case wrapping up, whatever else they mention", () => {
    for (const text of [
      "Vault updated, consumer reloaded, replay done. All green. Fixing the job's error handling too.",
      'done, all 25,112 contacts imported, 3 failed validation (bad email format) which I fixed. no 429 at all. thanks!',
      'Morning! Status flipped to Verified overnight and the padlock shows a valid certificate. All good.',
      'Test connection passed. I cleared cookies again and signed in with Google without issues.',
      'Code accepted on the first try. Thank you!',
      'That worked, thanks!',
      "It's working again."
    ])
      expect(confirmsFix(text), text).toBe(true)
  })

  it('not when the fix did not work, worked only once, or the message raises another problem or asks', () => {
    for (const text of [
      'Still not working, same error.',
      'It worked until yesterday, now every login fails with SSO-403.',
      "Didn't work, the export still times out.",
      'That worked for admins but not for members.',
      'All good on the SSO side. Now the CSV export fails with a 504.',
      'Thanks, that worked. Can I also change the logo on the login page?',
      'Changed it. dig now returns domains.nimbus.example.com. Will check back after lunch.',
      'Yesterday it probably worked because of the overlap period?',
      'The nightly sync job fails with HTTP 429 Too Many Requests.'
    ])
      expect(confirmsFix(text), text).toBe(false)
  })

  it("judges the case by the customer's latest message at a point of the conversation", () => {
    const state = conversation('T-wrap')
    const problem = message(state, 'customer', 'The export fails with a 504 Gateway Timeout.', 0)
    message(state, 'analyst', 'Use the asynchronous export under Data > Exports.', 5)
    const solved = message(state, 'customer', 'That worked, all good.', 9)
    message(state, 'analyst', 'Great, closing this one.', 10)
    expect(isWrappingUp(state, problem)).toBe(false)
    expect(isWrappingUp(state, solved)).toBe(true)
    expect(isWrappingUp(state)).toBe(true)
    message(state, 'customer', 'Sorry, it fails again with the same 504 today.', 60)
    expect(isWrappingUp(state)).toBe(false)
  })
})
