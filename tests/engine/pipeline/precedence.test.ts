/**
 * Which entry a card leads with and cites (see pipeline/precedence): an entry confirmed on several cases about another
 * subject (webhooks) never wins over the closer SAML entry on the generic words both share ("invalid",
 * "signature"), this ticket's own earlier resolution (synced from a teammate's desktop) always leads, and a
 * further citation or card needs evidence of its own. The second desktop of the demo once showed the webhook card on
 * the Microsoft Entra SAML ticket, its own earlier resolution cited second.
 */
import { describe, expect, it } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
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
  problem:
    'Our endpoint that receives the webhooks rejects every event: the handler logs webhook signature invalid and returns 400.',
  symptoms: [
    'Our webhook consumer verifies the signature header with HMAC-SHA256 and the computed value never matches.',
    'Since Monday our webhook receiver answers every delivery with 401 invalid signature.'
  ],
  resolution: [
    'Rotating the secret takes effect immediately, and your receiver still computes the HMAC with the old secret.',
    'In Nimbus go to Settings > Webhooks, open the endpoint and click Reveal secret.',
    "Update the secret in your receiver's configuration and restart it."
  ],
  sourceTicketIds: ['W-1', 'W-2', 'W-3'],
  observations: 3
})

const saml = (sourceTicketIds: string[]): KnowledgeEntry =>
  entry({
    id: 'kb-saml-entra',
    title: 'Invalid signature on SAML Response',
    problem:
      'Our users get an error after signing in with Microsoft: Invalid signature on SAML Response. About 140 users. ' +
      'They renewed the SAML signing certificate in Entra today and made the new one active.',
    resolution: [
      'Nimbus still has the old certificate on file, so the signature from the new one cannot be verified.',
      'In Entra ID, open Enterprise applications > Nimbus > Single sign-on and download the certificate.',
      'In Nimbus: Admin > Security > Single sign-on > Replace certificate, and upload that file.'
    ],
    sourceTicketIds
  })

const ENTRA_TICKET =
  'Is there an outage? Since lunchtime our users get an error after signing in with Microsoft: "Invalid signature ' +
  'on SAML Response". About 140 users. Status page says everything is operational.'

async function firstCard(entries: KnowledgeEntry[], ticketId: string) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), entries)
  const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
  const state = conversation(ticketId)
  const trigger = message(state, 'customer', ENTRA_TICKET, 0)
  const decision = await pipeline.run({ state, trigger, now: new Date(at(0)), settings: pipelineSettings() })
  if (decision.outcome !== 'suggest') throw new Error(`silent: ${decision.reason}`)
  return decision.suggestion
}

describe('which entry a card leads with', () => {
  it("leads with this ticket's own earlier resolution and cites no webhook entry on a SAML ticket", async () => {
    const card = await firstCard([webhook, saml(['T-entra'])], 'T-entra')
    expect(card.citations.map((citation) => citation.entryId)).toEqual(['kb-saml-entra'])
    expect(card.title).toBe('Earlier resolution of this ticket: Invalid signature on SAML Response')
    expect(card.text).not.toMatch(/webhook|HMAC/i)
  })

  it('does not put an entry confirmed on other subjects before a closer one on the generic words both share', async () => {
    // The SAML entry was learned from another ticket, once: the webhook entry is confirmed on three cases, but the
    // conversation shares only "invalid" and "signature" with it, words the SAML entry has too.
    const card = await firstCard([webhook, saml(['OLD-9'])], 'T-entra-2')
    expect(card.citations.map((citation) => citation.entryId)).toEqual(['kb-saml-entra'])
    expect(card.reason).not.toMatch(/confirmed on 3 cases/)
  })

  it('still puts an established entry first when the conversation speaks for it on its own', async () => {
    // The customer names the webhook and its HMAC: the confirmed webhook entry goes before a closer single case.
    const single = entry({
      id: 'kb-webhook-once',
      title: 'Webhook deliveries rejected with invalid signature after a deploy',
      problem: 'Every webhook delivery is rejected with invalid signature since our deploy this morning.',
      resolution: ['Redeploy the receiver with the right environment variables and replay the deliveries.'],
      sourceTicketIds: ['W-9']
    })
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [webhook, single])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const state = conversation('T-hook')
    const trigger = message(
      state,
      'customer',
      'Every webhook delivery is rejected with invalid signature since this morning; our receiver computes the HMAC and it never matches.',
      0
    )
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome !== 'suggest') return
    expect(decision.suggestion.citations[0]!.entryId).toBe('kb-webhook')
  })
})

describe('a further card on a ticket', () => {
  it('needs more than a loose match once a card was shown: no rate-limit card on a custom-domain ticket', async () => {
    const domain = entry({
      id: 'kb-domain',
      title: 'Custom domain stuck on "Pending verification"',
      problem:
        'We added a custom domain for the portal. It still says Pending verification and visiting the domain gives a ' +
        'certificate warning. We created the DNS record exactly like the setup page said.',
      resolution: [
        'Verification only succeeds when the CNAME points to domains.nimbus.example.com.',
        'At your registrar, edit the CNAME and set the target to domains.nimbus.example.com.',
        'Wait for the status to flip to Verified.'
      ],
      sourceTicketIds: ['D-1', 'D-2'],
      observations: 2
    })
    const rateLimit = entry({
      id: 'kb-429',
      title: 'Nightly sync job failing with HTTP 429',
      problem:
        'Our nightly job that syncs records into Nimbus started failing with HTTP 429. We changed nothing, it gives ' +
        'up after the first errors and comes back the next night.',
      resolution: [
        'Each API token is limited to 600 requests per minute.',
        'Send records in batches with POST /v2/records/bulk.',
        'On 429, honour the Retry-After header and back off.'
      ],
      sourceTicketIds: ['R-1', 'R-2', 'R-3', 'R-4'],
      observations: 4
    })
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [domain, rateLimit])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const settings = pipelineSettings()
    const state = conversation('T-domain')
    const first = message(
      state,
      'customer',
      'We added a custom domain for our portal on Sunday. It still says "Pending verification" and the domain gives a certificate warning. We created the DNS record exactly like the setup page said.',
      0
    )
    const shown = await pipeline.run({ state, trigger: first, now: new Date(at(0)), settings })
    expect(shown.outcome === 'suggest' ? shown.suggestion.citations[0]!.entryId : shown.reason).toBe(
      'kb-domain'
    )
    if (shown.outcome === 'suggest') state.suggestions.push(shown.suggestion)
    message(state, 'analyst', 'Could you run dig on the record and paste the output?', 5)
    const later = message(
      state,
      'customer',
      'Changed the record, dig now gives back the new target. Does the job need anything else from us, or do we wait?',
      60
    )
    const next = await pipeline.run({ state, trigger: later, now: new Date(at(60)), settings })
    expect(next.outcome === 'suggest' ? next.suggestion.citations[0]!.entryId : next.reason).toMatch(
      /is a loose match; "Custom domain stuck on "Pending verification"", shown already, matches better/
    )
  })
})
