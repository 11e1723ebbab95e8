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

const certificate = entry({
  id: 'kb-cert',
  title: 'SSO login fails: signature could not be verified',
  problem:
    'After the certificate rotation nobody can log in: the SAML signature could not be verified (SSO-403).',
  resolution: [
    'Nimbus still has the previous certificate, so the signatures do not check out.',
    'Download the new X.509 certificate from your identity provider.',
    'In Nimbus: Admin > Security > Single sign-on > Replace certificate, and upload it.',
    'Save and click Test connection.'
  ],
  sourceTicketIds: ['OLD-1']
})

async function run(analystAlreadyAnswered: boolean) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [certificate])
  const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
  const state = conversation('T-said')
  message(state, 'customer', 'Hi, nobody can log in since our certificate rotation.', 0)
  if (analystAlreadyAnswered)
    message(
      state,
      'analyst',
      'Nimbus still has the previous certificate, so the signatures do not check out. Download the new X.509 ' +
        'certificate from your identity provider, then in Nimbus: Admin > Security > Single sign-on > Replace ' +
        'certificate, upload it, save and click Test connection.',
      5
    )
  const trigger = message(
    state,
    'customer',
    'Should we replace the SAML certificate every year then? The signature could not be verified after the rotation.',
    10
  )
  return pipeline.run({ state, trigger, now: new Date(at(10)), settings: pipelineSettings() })
}

describe('a card never repeats what the analyst already wrote on the ticket', () => {
  it('stays silent when the analyst already sent these steps', async () => {
    expect(await run(true)).toMatchObject({ outcome: 'silent', stage: 'dedupe' })
  })

  it('shows the same card when the analyst has not', async () => {
    expect(await run(false)).toMatchObject({ outcome: 'suggest' })
  })
})
