/**
 * A further card on a ticket that already had one is shown only when what the customer wrote since raises its
 * problem. The second desktop of the demo (the team's knowledge imported): after the custom-domain card on NIM-1004,
 * the rate-limit card came on "records", and on NIM-1017 after the webhook card on "job", "requests", "post", words
 * the whole conversation shares with the rate-limit entry while the customer raised no such problem.
 */
import { describe, expect, it } from 'vitest'
import { ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import {
  at,
  conversation,
  entry,
  message,
  openKnowledge,
  pipelineSettings
} from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

const webhook = entry({
  id: 'kb-webhook',
  title: 'Webhook signature invalid',
  problem: 'The webhook consumer rejects every delivery: the Nimbus-Signature header never matches our HMAC.',
  symptoms: ['signature mismatch since the secret was rotated'],
  resolution: [
    'The endpoint signing secret was rotated and the consumer still has the old one.',
    'Fetch the current secret under Settings > Webhooks > endpoint > Reveal secret.',
    'Write it to your secret store and reload the consumer, then replay the failed deliveries.'
  ],
  sourceTicketIds: ['OLD-1', 'OLD-2'],
  observations: 2
})

const rateLimit = entry({
  id: 'kb-429',
  title: 'Nightly sync job failing with HTTP 429',
  problem:
    'The nightly sync job posts records one request at a time and gets HTTP 429 Too Many Requests from the API.',
  symptoms: ['job requests rejected with 429', 'POST requests throttled'],
  resolution: [
    'Each API token is limited to 600 requests per minute.',
    'Switch to the bulk endpoint, POST /v2/records/bulk, which accepts up to 500 records per call.',
    'On a 429, wait for the Retry-After header before retrying.'
  ],
  sourceTicketIds: ['OLD-3', 'OLD-4', 'OLD-5', 'OLD-6'],
  observations: 4
})

async function webhookTicket() {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [webhook, rateLimit])
  const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
  const settings = pipelineSettings()
  const state = conversation('T-webhook')
  const first = message(
    state,
    'customer',
    'Our webhook consumer rejects every delivery: the Nimbus-Signature header never matches our HMAC. Did the signing change?',
    0
  )
  const shown = await pipeline.run({ state, trigger: first, now: new Date(at(0)), settings })
  if (shown.outcome !== 'suggest') throw new Error(`no first card: ${shown.reason}`)
  expect(shown.suggestion.citations[0]!.entryId).toBe('kb-webhook')
  state.suggestions.push(shown.suggestion)
  // The customer's job rotates the secret with POST requests: words of the rate-limit entry, not its problem.
  message(
    state,
    'customer',
    'We have a quarterly job that sends POST requests to rotate the secret and stores the new one in Vault.',
    10
  )
  return { pipeline, settings, state }
}

describe('a further card on a ticket', () => {
  it('stays silent when the customer raised nothing of its problem since the last card, saying so', async () => {
    const { pipeline, settings, state } = await webhookTicket()
    const later = message(
      state,
      'customer',
      'Vault updated, consumer reloaded. Fixing the error handling of the rotation job too: should it retry?',
      20
    )
    const next = await pipeline.run({ state, trigger: later, now: new Date(at(20)), settings })
    expect(next.outcome).toBe('silent')
    if (next.outcome === 'silent')
      expect(next.reason).toMatch(
        /^the customer's latest message does not raise "Nightly sync job failing with HTTP 429" \(only "job"\); a card was shown already$/
      )
  })

  it('is shown when the customer raises its problem: its error code and its words', async () => {
    const { pipeline, settings, state } = await webhookTicket()
    const later = message(
      state,
      'customer',
      'Separate thing: our nightly sync job now gets HTTP 429 Too Many Requests on every POST of records. Why?',
      20
    )
    const next = await pipeline.run({ state, trigger: later, now: new Date(at(20)), settings })
    expect(next.outcome === 'suggest' ? next.suggestion.citations[0]!.entryId : next.reason).toBe('kb-429')
  })
})
