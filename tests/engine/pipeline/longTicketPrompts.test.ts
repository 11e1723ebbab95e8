/**
 * Prompts fit the model, on a 200-message ticket: every stage's prompt (scope, rewrite, answer, next steps,
 * summary, extraction, review) stays inside the model's context with its answer, keeps the opening problem
 * statement, the latest turn and the knowledge block, and keeps the error codes the customer quoted, even those in
 * turns left out. Personal data goes only to a local model.
 */
import { describe, expect, it } from 'vitest'
import { extractWithModel, judgeWithModel } from '../../../src/main/engine/learning/modelLearning'
import { createLlmRuntime } from '../../../src/main/engine/llm/createLlmRuntime'
import type { ScriptedRequest } from '../../../src/main/engine/llm/scriptedBackend'
import { judgeAnswer } from '../../../src/main/engine/pipeline/llm/answerStage'
import { suggestNextSteps, summarizeCase } from '../../../src/main/engine/pipeline/llm/caseNotes'
import { estimateTokens } from '../../../src/main/engine/pipeline/llm/promptBudget'
import { rewriteQueries } from '../../../src/main/engine/pipeline/llm/rewriteStage'
import { judgeScope } from '../../../src/main/engine/pipeline/llm/scopeStage'
import { Assistant } from '../../../src/main/engine/assist/assistant'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import { competentModel } from '../../helpers/competentModel'
import { useTempDirs } from '../../helpers/tempDir'
import { conversation, exportEntry, message, openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'

const OPENING =
  'Since this morning none of our agents can sign in through SSO: the portal shows "SAML response signature ' +
  'validation failed (AUTH-7731)". Contact me at casey.customer@example.com or +1 415 555 0132.'
const LATEST = 'Still failing after the certificate upload, now with error 0x80070005. What else can we try?'

/** A long ticket: the opening, 198 turns of back and forth (one quoting ERR_SAML_CLOCK_SKEW), the latest question. */
function longTicket() {
  const state = conversation('LONG-1')
  message(state, 'customer', OPENING, 0)
  for (let i = 1; i <= 198; i++) {
    const role = i % 2 ? 'analyst' : 'customer'
    const detail = i === 58 ? ' The IdP log says ERR_SAML_CLOCK_SKEW.' : ''
    message(
      state,
      role,
      `Turn ${i}: we looked at the login logs again and tried another browser.${detail} `.repeat(8),
      i
    )
  }
  const trigger = message(state, 'customer', LATEST, 199)
  return { state, trigger }
}

async function promptsFor(contextSize: number, backend: 'fake' | 'local' = 'fake') {
  const model = competentModel()
  model.backend.info.contextSize = contextSize
  if (backend === 'local') {
    ;(model.backend.info as { backend: string }).backend = 'local'
    // The local backend counts with the model's tokenizer; this one makes a token of every 2 characters.
    Object.assign(model.backend, { countTokens: (text: string) => Math.ceil(text.length / 2) })
  }
  const runtime = createLlmRuntime(model.backend)
  const { state, trigger } = longTicket()
  const candidates = [samlEntry(), exportEntry()].map((entry) => ({
    entry,
    similarity: 0.5,
    rank: 0.5,
    share: 0,
    teamCases: 1,
    problemTerms: []
  }))
  await judgeScope(runtime, state, trigger)
  await rewriteQueries(runtime, state, trigger)
  await judgeAnswer(runtime, state, trigger, candidates)
  await suggestNextSteps(runtime, state)
  await summarizeCase(runtime, state)
  state.resolve('2026-01-06T00:00:00.000Z')
  const extracted = await extractWithModel(runtime, state)
  await judgeWithModel(runtime, samlEntry(), extracted!)
  return model.backend.requests
}

const tempDir = useTempDirs()

const text = (request: ScriptedRequest): string => request.messages.map((m) => m.content).join('\n')

describe('prompts on a 200-message ticket', () => {
  it('fit a 2048-token context with the answer, keeping the opening, the latest turn and the knowledge', async () => {
    const requests = await promptsFor(2048)
    expect(requests).toHaveLength(7)
    for (const request of requests) {
      const prompt = text(request)
      const answerTokens = 400
      expect(estimateTokens(prompt) + answerTokens).toBeLessThanOrEqual(2048)
    }
    const [scope, rewrite, answer, nextSteps, summary, extract, review] = requests.map(text)
    for (const prompt of [scope!, rewrite!, answer!, nextSteps!, summary!, extract!]) {
      expect(prompt).toContain('SAML response signature validation failed (AUTH-7731)')
      expect(prompt).toContain('ERR_SAML_CLOCK_SKEW') // quoted in a turn left out: named in its marker
      expect(prompt).toMatch(/"omitted":\d+/)
    }
    for (const prompt of [scope!, rewrite!, answer!]) expect(prompt).toContain(LATEST)
    expect(answer).toContain('"id":"kb-saml"')
    expect(answer).toContain('"id":"kb-export"')
    expect(review).toContain('"id":"kb-saml"')
  })

  it('keep the extraction prompt bounded however long the ticket', async () => {
    const [small, large] = [await promptsFor(2048), await promptsFor(32_768)]
    expect(text(small[5]!).length).toBeLessThan(8_000)
    expect(estimateTokens(text(large[5]!))).toBeLessThanOrEqual(32_768)
    // A larger context shows more of the ticket.
    expect(text(large[5]!).length).toBeGreaterThan(text(small[5]!).length * 4)
  })

  it('redact personal data before a remote call only, keeping the codes the customer quoted', async () => {
    const remote = text((await promptsFor(4096))[0]!)
    expect(remote).not.toContain('casey.customer@example.com')
    expect(remote).not.toContain('555 0132')
    expect(remote).toContain('[email]')
    expect(remote).toContain('0x80070005')
    const local = text((await promptsFor(4096, 'local'))[0]!)
    expect(local).toContain('casey.customer@example.com')
  })

  it('count with the local tokenizer where there is one', async () => {
    for (const request of await promptsFor(2048, 'local')) {
      expect(Math.ceil(text(request).length / 2)).toBeLessThanOrEqual(2048 - 160)
    }
  })

  it("fit the analyst's question (Ask) to the context too, with the knowledge it found", async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [samlEntry(), exportEntry()])
    const model = competentModel()
    model.backend.info.contextSize = 2048
    const chunks: Array<{ done: boolean; error: string | null }> = []
    const assistant = new Assistant({
      retriever: new Retriever(knowledge, matcher),
      model: () => model.runtime,
      emit: (chunk) => chunks.push(chunk),
      onModelProblem: () => {}
    })
    const { state } = longTicket()
    await assistant.ask(state, 'Which SAML certificate should they upload?', 'ask-1')
    expect(chunks.at(-1)).toMatchObject({ done: true, error: null })
    const ask = text(model.backend.requests.at(-1)!)
    expect(estimateTokens(ask) + 400).toBeLessThanOrEqual(2048)
    expect(ask).toContain('AUTH-7731')
    expect(ask).toContain(LATEST)
    expect(ask).toContain('"id":"kb-saml"')
  })
})
