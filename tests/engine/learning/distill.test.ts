import { describe, expect, it } from 'vitest'
import { distill, MAX_CHARS } from '../../../src/main/engine/learning/distill'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { conversation, message } from '../../helpers/knowledgeFixtures'

/** A rate-limit case told the way analysts write: diagnosis, lead-ins, steps, arithmetic on the customer's numbers. */
function rateLimitCase() {
  const state = conversation('T-429')
  state.ticket = { ...state.ticket, subject: 'Import script keeps getting Too Many Requests' }
  message(
    state,
    'customer',
    'We migrate ~25k contacts with a Python script, 50 threads, and get 429 Too Many Requests.',
    0
  )
  message(state, 'analyst', 'Hi Diego, is each contact a separate POST call, and does the script retry?', 2)
  message(state, 'customer', 'yes one call per contact, no retry', 4)
  message(
    state,
    'analyst',
    'Thanks. A token can make 600 requests per minute, and 50 threads exceed that almost immediately.\n\n' +
      "I'd change three things:\n" +
      '- Use POST /v2/records/bulk, which takes up to 500 records per request. 25k contacts = 50 requests.\n' +
      '- On any 429, sleep for the Retry-After value, then retry with exponential backoff plus jitter.\n' +
      '- Drop to a handful of threads; with bulk you do not need parallelism.\n\n' +
      'Let me know how it goes!',
    6
  )
  message(state, 'customer', 'done, all imported, thanks!', 20)
  message(state, 'analyst', 'Brilliant, enjoy the new setup, Diego!', 21)
  state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
  return state
}

describe('extractCase keeps the resolution and leaves the conversation out', () => {
  it('drops lead-ins, pleasantries and arithmetic on the customer figures', () => {
    const steps = extractCase(rateLimitCase())!.resolution
    const text = steps.join('\n')
    expect(text).toContain('Use POST /v2/records/bulk')
    expect(text).toContain('Retry-After')
    expect(text).not.toMatch(/three things|25k contacts|Let me know|enjoy|Brilliant|Diego/)
  })

  it("generalises the customer's hostnames and leaves the provider's own", () => {
    const state = conversation('T-dns')
    message(
      state,
      'customer',
      'We added help.brightlane.example.net as a custom domain, it says Pending verification.',
      0
    )
    message(
      state,
      'analyst',
      'Please run dig +short CNAME help.brightlane.example.net and paste the output.',
      2
    )
    message(state, 'customer', 'app.nimbus.example.com.', 4)
    message(
      state,
      'analyst',
      'The CNAME points to app.nimbus.example.com, our web app, not the custom-domain edge. ' +
        'At your registrar, edit the CNAME for help.brightlane.example.net and set the target to domains.nimbus.example.com. ' +
        'Wait for the old TTL to expire (your record has 3600 s), then click Re-check in Settings > Custom domains.',
      6
    )
    const text = extractCase(state)!.resolution.join('\n')
    expect(text).not.toContain('brightlane')
    expect(text).toContain('edit your CNAME and set the target to domains.nimbus.example.com')
    expect(text).toContain('points to app.nimbus.example.com')
    expect(text).not.toContain('3600')
  })
})

describe('distill', () => {
  it('gives the cause, then the actions, within five sentences and 600 characters', () => {
    const card = distill(extractCase(rateLimitCase())!.resolution)
    expect(card.length).toBeLessThanOrEqual(MAX_CHARS)
    const lines = card.split('\n')
    expect(lines.length).toBeLessThanOrEqual(5)
    expect(lines[0]).toMatch(/^A token can make 600 requests per minute/)
    expect(lines[1]).toMatch(/^1\. Use POST \/v2\/records\/bulk/)
  })

  it('keeps to the limit however long the steps are', () => {
    const steps = Array.from(
      { length: 12 },
      (_, index) => `Open the settings page number ${index} and click Save ${'x'.repeat(90)}.`
    )
    const card = distill(steps)
    expect(card.length).toBeLessThanOrEqual(MAX_CHARS)
    expect(card.split('\n').length).toBeLessThanOrEqual(5)
    expect(distill(['x'.repeat(2_000)]).length).toBeLessThanOrEqual(MAX_CHARS)
  })

  it('shows a one-step answer as it is', () => {
    expect(distill(['Restart the app to apply the update.'])).toBe('Restart the app to apply the update.')
  })
})

/** The billing case told the way it happened: the explanation, the customer's check, then "Then ...". */
function chargedTwiceCase() {
  const state = conversation('T-charge')
  state.ticket = { ...state.ticket, subject: 'Charged twice for our plan upgrade' }
  message(
    state,
    'customer',
    'Our company card shows two charges of $1,188.00 within a minute. I only want to pay once!',
    0
  )
  message(
    state,
    'analyst',
    'Hi Graham, I understand that is alarming. Let me look at the payment records.',
    2
  )
  message(
    state,
    'analyst',
    "Here's what happened: the first attempt was declined by your bank's 3-D Secure check after the authorization " +
      'had been placed. The first one is an authorization hold, not a charge. Does your statement show one as "pending"?',
    4
  )
  message(state, 'customer', 'Let me look... yes, one of them is marked pending.', 6)
  message(
    state,
    'analyst',
    "Then you won't be billed for it. We never captured it, and your bank will release the hold automatically, " +
      'typically within 5-7 business days. If it is still there after 7 business days, reply here and I will send ' +
      'your bank a void confirmation.',
    8
  )
  state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
  return state
}

describe('a card reads as a standalone answer', () => {
  it('keeps the cause the "Then ..." answer refers to, and never opens with a dangling connective', () => {
    const card = distill(extractCase(chargedTwiceCase())!.resolution)
    expect(card).not.toMatch(/^(?:then|so|and|but|also)\b/i)
    expect(card.split('\n')[0]).toBe('The first one is an authorization hold, not a charge.')
    expect(card).toContain("You won't be billed for it.")
    expect(card).toContain('release the hold automatically')
  })

  it('drops the connective from a stored entry whose first step still has one', () => {
    expect(distill(["Then you won't be billed for it.", 'We never captured it.'])).toMatch(
      /^You won't be billed/
    )
  })
})

describe("the team's own details stay, the customer's go", () => {
  it("keeps the team's sender address in a step and scrubs the customer's addresses", () => {
    const state = conversation('T-mail')
    message(
      state,
      'customer',
      'No reset email arrives at fz.benali@example.com, colleagues at example.com neither.',
      0
    )
    message(
      state,
      'analyst',
      'Please pass this to IT:\n' +
        '1. Check the Proofpoint quarantine for messages from no-reply@notify.nimbus.example.com and release them.\n' +
        '2. Add the sending domain notify.nimbus.example.com to the safe senders list.\n' +
        '3. Also release anything addressed to fz.benali@example.com or sent by support@example.com.',
      3
    )
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    const text = extractCase(state)!.resolution.join('\n')
    expect(text).toContain('messages from no-reply@notify.nimbus.example.com and release them')
    expect(text).not.toContain('fz.benali')
    // A role mailbox at the customer's own domain is theirs.
    expect(text).not.toContain('support@example.com')
  })

  it('says a date range from the case in general words', () => {
    const state = conversation('T-export')
    message(state, 'customer', 'Download CSV of all 2025 activity fails with 504 Gateway Timeout.', 0)
    message(
      state,
      'analyst',
      '1. Go to Data > Exports and click New export.\n' +
        '2. Choose the Activity dataset, set the date range to 2025-01-01 to 2025-12-31, and pick CSV.\n' +
        '3. Click Start and wait for the email.',
      3
    )
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    const text = extractCase(state)!.resolution.join('\n')
    expect(text).toContain('set the date range to the period you need, and pick CSV')
    expect(text).not.toContain('[date]')
  })
})
