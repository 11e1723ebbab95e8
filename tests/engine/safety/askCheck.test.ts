import { describe, expect, it } from 'vitest'
import { Assistant } from '../../../src/main/engine/assist/assistant'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import { screenAskChunks } from '../../../src/main/engine/safety/screen'
import type { PushEventPayload } from '../../../src/shared/contract'
import { conversation, message, openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'
import { scriptedModel } from '../../helpers/scriptedModel'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

async function ask(chatAnswer: string) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [samlEntry()])
  const model = scriptedModel({ chat: () => chatAnswer })
  const chunks: Array<PushEventPayload<'assist.chunk'>> = []
  const problems: string[] = []
  const assistant = new Assistant({
    retriever: new Retriever(knowledge, matcher),
    model: () => model.runtime,
    // The engine's own wrapping: every answer is screened as a whole.
    emit: screenAskChunks((chunk) => chunks.push(chunk)),
    onModelProblem: (stage, error) => problems.push(`${stage}:${error.code}`)
  })
  const state = conversation()
  message(state, 'customer', 'Nobody can sign in with SSO: SAML response signature validation failed.', 0)
  await assistant.ask(state, 'What fixed this last time?', 'ask-1')
  const done = chunks.find((chunk) => chunk.done)!
  const text = chunks.reduce((all, chunk) => (chunk.error ? '' : all) + chunk.text, '')
  return { chunks, done, text }
}

describe('Ask answers from the model', () => {
  it('shows a grounded answer whole, citing the given entry', async () => {
    const { done, text } = await ask('Upload the new IdP certificate under Admin > Security > SSO [kb-saml].')
    expect(text).toContain('Upload the new IdP certificate')
    expect(done.risk).toBeUndefined()
    expect(done.citations.map((c) => c.entryId)).toContain('kb-saml')
  })

  it('drops an answer citing an entry it was not given, whole, and answers from knowledge instead', async () => {
    const { chunks, text } = await ask('Reboot the server as [kb-invented] says.')
    expect(chunks.some((chunk) => /cited kb-invented, which it was not given/.test(chunk.error ?? ''))).toBe(
      true
    )
    expect(text).not.toContain('Reboot')
    expect(text).toContain('From "')
  })

  it('flags a risky answer with the reason', async () => {
    const { done, text } = await ask('Ask the customer to reply with their password [kb-saml].')
    expect(text).toContain('password')
    expect(done.risk).toBe('asks for credentials')
  })
})
