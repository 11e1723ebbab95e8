import { describe, expect, it } from 'vitest'
import { Learner } from '../../../src/main/engine/learning/learner'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message, openKnowledge } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const learning = defaultSettings().learning

/** Two rate-limit cases: the second adds one real step, an explanation of its own case and a step's short tail. */
function rateLimitCase(id: string, second: boolean) {
  const state = conversation(id)
  state.ticket = { ...state.ticket, subject: 'Sync job failing with HTTP 429 Too Many Requests' }
  message(state, 'customer', 'Our sync job gets HTTP 429 Too Many Requests from the records API.', 0)
  message(
    state,
    'analyst',
    second
      ? 'A token can make 600 requests per minute, and your threads exceed that almost immediately. ' +
          "The rejected requests are the ones you're skipping.\n" +
          '- Use POST /v2/records/bulk, which takes up to 500 records per request.\n' +
          '- On any 429, wait for the Retry-After header, then retry with exponential backoff. Never drop the record.\n' +
          '- Validate each record against the schema endpoint before you send the batch.'
      : 'Each API token is limited to 600 requests per minute.\n' +
          '1. Switch to the bulk endpoint, POST /v2/records/bulk, which accepts up to 500 records per call.\n' +
          '2. When you get a 429, wait for the Retry-After header before retrying, with exponential backoff.',
    3
  )
  state.resolve(at(10))
  return state
}

describe("merging adds the other case's new instructions, not its fragments", () => {
  it("keeps out explanations of the other customer's case and short tails of steps the entry has", async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    await learner.learn(rateLimitCase('T-1', false), new Date(at(20)), learning)
    const merged = await learner.learn(rateLimitCase('T-2', true), new Date(at(40)), learning)
    expect(merged.outcome).toBe('merged')
    const steps = knowledge.get('cloud-support', 'kb-T-1')!.resolution
    expect(steps).toContain('Validate each record against the schema endpoint before you send the batch.')
    expect(steps.join('\n')).not.toMatch(/ones you're skipping|Never drop the record/)
  })
})
