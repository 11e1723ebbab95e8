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
