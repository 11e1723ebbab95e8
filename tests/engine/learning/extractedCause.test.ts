/**
 * A learned entry keeps the sentence that says what its steps refer back to: the demo's NIM-1003 fix starts "Ask IT to
 * release the held messages", and only the customer said where they were held.
 */
import { describe, expect, it } from 'vitest'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { distill } from '../../../src/main/engine/learning/distill'
import { conversation, message } from '../../helpers/knowledgeFixtures'
import { demoCases } from '../../helpers/engineHarness'
import type { ConversationState } from '../../../src/main/engine/watcher/conversationState'

function demoCase(id: string): ConversationState {
  const recorded = demoCases().find((item) => item.id === id)!
  const state = conversation(id)
  for (const item of recorded.messages) {
    if (item.role === 'customer' || item.role === 'analyst')
      message(state, item.role, item.text, item.offsetMinutes)
  }
  state.resolve(
    new Date(Date.parse(state.ticket.createdAt) + recorded.resolvedAfterMinutes * 60_000).toISOString()
  )
  return state
}

describe('the cause a learned entry keeps', () => {
  it('says where the held messages are before "release the held messages" (NIM-1003)', () => {
    const extracted = extractCase(demoCase('NIM-1003'))!
    expect(extracted.resolution[0]).toBe(
      'The messages were all sitting in the Mimecast held queue, flagged as "bulk / unknown sender".'
    )
    expect(extracted.resolution[1]).toBe('Ask IT to release the held messages, or simply delete them.')
    expect(distill(extracted.resolution).split('\n')[0]).toMatch(/held queue/)
  })

  it('adds nothing when the first step says where itself (the Defender quarantine, NIM-1022)', () => {
    const extracted = extractCase(demoCase('NIM-1022'))!
    expect(extracted.resolution[0]).toMatch(
      /^Release the quarantined messages .* in the Defender quarantine\.$/
    )
  })

  it("takes the analyst's own diagnosis before the customer's words", () => {
    const state = conversation('T-held')
    message(state, 'customer', 'None of our invitations arrive, spam folders are empty.', 0)
    message(
      state,
      'analyst',
      'Our logs show your gateway accepted them, so they are held by your mail filter.',
      5
    )
    message(state, 'customer', 'All sitting in the held queue indeed.', 10)
    message(
      state,
      'analyst',
      '1. Ask IT to release the held messages.\n2. Add our domain to the allowlist.',
      12
    )
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    expect(extractCase(state)!.resolution[0]).toBe(
      'Our logs show your gateway accepted them, so they are held by your mail filter.'
    )
  })
})

describe('the problem a learned entry keeps', () => {
  const problemOf = (id: string): string => extractCase(demoCase(id))!.problem

  it("states the customer's problem without greetings, acknowledgements or asides", () => {
    expect(problemOf('NIM-1003')).toBe(
      'I invited five new colleagues to our Nimbus workspace on Friday and none of them received the invitation. ' +
        'I\'ve clicked "Resend invite" twice. Addresses are like [email] and [email]. Spam folders are empty, they ' +
        'checked.\nWe do, IT runs Mimecast.'
    )
    expect(problemOf('NIM-1012')).toMatch(/^I forgot my password and clicked/)
    expect(problemOf('NIM-1012')).not.toMatch(/I'll ask IT/)
    expect(problemOf('NIM-1010')).not.toMatch(/Checking with IT/)
    expect(problemOf('NIM-1009')).not.toMatch(/^Hi|\nOh\./)
    // A greeting before a short first sentence goes, the sentence stays.
    expect(problemOf('NIM-1027')).toMatch(/^Our daily tickets report doesn't match what we count ourselves\./)
  })

  it("generalises one customer's hosts and card digits, keeping the product's hosts and error codes", () => {
    expect(problemOf('NIM-1004')).toMatch(/^We added \[domain\] as a custom domain/)
    expect(problemOf('NIM-1009')).toContain('Our endpoint: https://[domain]/nimbus')
    expect(problemOf('NIM-1005')).toContain('Card ends [number]')
    expect(problemOf('NIM-1002')).toContain(
      'POST https://api.nimbus.example.com/v2/records -> 429 Too Many Requests'
    )
    expect(problemOf('NIM-1001')).toContain('SSO-403')
  })

  it('keeps a one-line message that is all it says as the problem', () => {
    const state = conversation('T-short')
    message(state, 'customer', 'Hi!', 0)
    message(state, 'analyst', '1. Open Settings > Sync and click Sync now.\n2. Restart the app.', 3)
    state.resolve(new Date(Date.parse(state.ticket.createdAt) + 30 * 60_000).toISOString())
    expect(extractCase(state)!.problem).toBe('Hi!')
  })
})
