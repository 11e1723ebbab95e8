/**
 * A later card on a ticket: after the card for the vendor the ticket names, another vendor's case is no further help
 * (the demo's second pass, NIM-1001-r2: the Okta card, then "That case was with Google; this ticket names Okta").
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

const okta = entry({
  id: 'kb-okta',
  title: 'Nobody can sign in through Okta SSO',
  problem: 'Okta sends us back and Nimbus shows SAML response signature validation failed (SSO-403).',
  resolution: [
    'Since the rotation Okta signs with a new key that Nimbus does not know yet, so every login is rejected.',
    'In Okta, open the Nimbus app > Sign On tab and download the new SAML signing certificate.',
    'In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.'
  ],
  sourceTicketIds: ['OLD-1']
})

const google = entry({
  id: 'kb-google',
  title: 'Google SSO error for everyone whose session expired',
  problem:
    'Anyone who signs in fresh gets SAML signature check failed (SSO-403) after the certificate rotation.',
  resolution: [
    'In the Google Admin console go to Apps > Web and mobile apps > Nimbus and download the new certificate.',
    'In Nimbus, Admin > Security > Single sign-on > Replace certificate, and upload it.',
    'Save and click Test connection.'
  ],
  sourceTicketIds: ['OLD-2', 'OLD-3'],
  observations: 2
})

describe('a later card on a ticket', () => {
  it("is never another vendor's case once the card for the ticket's vendor was shown", async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [okta, google])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const settings = pipelineSettings()
    const state = conversation('T-okta')
    const first = message(
      state,
      'customer',
      'Since 8am nobody can sign in. Okta sends us back and Nimbus shows SAML response signature validation failed (SSO-403).',
      0
    )
    const shown = await pipeline.run({ state, trigger: first, now: new Date(at(0)), settings })
    expect(shown.outcome).toBe('suggest')
    if (shown.outcome !== 'suggest') return
    expect(shown.suggestion.citations[0]!.entryId).toBe('kb-okta')
    state.suggestions.push(shown.suggestion)

    // Past the cooldown the customer writes again, in words the Google case shares: its steps are for Google.
    const later = message(
      state,
      'customer',
      'Still failing: the SAML signature check failed (SSO-403) for everyone who signs in fresh after the certificate rotation.',
      10
    )
    const next = await pipeline.run({ state, trigger: later, now: new Date(at(10)), settings })
    expect(next.outcome === 'suggest' ? next.suggestion.citations[0]!.entryId : next.reason).toMatch(
      /is another vendor's case; "Nobody can sign in through Okta SSO", for this ticket's, was shown/
    )
  })
})
