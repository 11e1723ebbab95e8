/**
 * A model never decides alone that two cases are one problem. A model whose embeddings rate every pair of texts
 * alike (a small or confused model: stories260K rates the demo's pairs 0.85-0.95) and that keeps or corrects every
 * entry it is asked about must not fold a SAML signature case into the webhook signature entry, nor a custom domain
 * case into the rate-limit entry: the retrieval side's evidence (the case's own words, its vendors and error codes)
 * vetoes it. A case the words do relate is still merged or confirmed.
 */
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import { createLlmRuntime } from '../../../src/main/engine/llm/createLlmRuntime'
import type { LlmRuntime } from '../../../src/main/engine/llm/llmRuntime'
import { createRemoteBackend } from '../../../src/main/engine/llm/remote/remoteBackend'
import { ScriptedBackend } from '../../../src/main/engine/llm/scriptedBackend'
import type { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import type { Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message, openKnowledge } from '../../helpers/knowledgeFixtures'
import { stageOf } from '../../helpers/scriptedModel'
import { useTempDirs } from '../../helpers/tempDir'
import { completion, sendJson, startFakeServer, type FakeServer } from '../llm/remote/fakeOpenAiServer'

const tempDir = useTempDirs()
const learning = defaultSettings().learning
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

interface Case {
  subject: string
  customer: string
  fix: string
}

const WEBHOOK: Case = {
  subject: 'Webhook signature invalid',
  customer:
    'Our endpoint rejects every Nimbus webhook since yesterday: our handler logs "webhook signature mismatch" and returns 400.',
  fix: 'Rotating the secret takes effect immediately, and your receiver still computes the HMAC with the old secret. In Nimbus go to Settings > Webhooks, open the endpoint and click Reveal secret. Update the secret in your receiver and redeploy it. In the Delivery log, filter on failed deliveries and click Resend all.'
}
const WEBHOOK_AGAIN: Case = {
  subject: 'Webhooks rejected after the signing secret was rotated',
  customer:
    'Since a developer rotated the signing secret, every webhook from Nimbus fails our signature check with a mismatch.',
  fix: 'Your receiver still computes the HMAC with the old secret. Go to Settings > Webhooks, open the endpoint and click Reveal secret to copy the new signing secret. Update the secret in your receiver and redeploy. Filter the Delivery log on failed deliveries and click Resend all.'
}
/** Near the webhook case in words ("signature", "invalid", "rotated"): another product area, another fix. */
const SAML: Case = {
  subject: 'Invalid signature on SAML Response',
  customer:
    'Since lunchtime our users get "Invalid signature on SAML Response" after signing in with Microsoft. They rotated the signing certificate in Entra today.',
  fix: 'Nimbus still has the old certificate on file, so the signature from the new one cannot be verified. In Entra ID, open Enterprise applications > Nimbus > Single sign-on and download the Base64 certificate. In Nimbus, go to Admin > Security > Single sign-on, click Replace certificate and upload that file. Save and run Test connection.'
}
const DOMAIN: Case = {
  subject: 'Custom domain stuck on "Pending verification"',
  customer:
    'We added our help domain as a custom domain on Sunday. It still says "Pending verification" and visitors get a certificate warning.',
  fix: 'Verification only succeeds when the CNAME points to domains.nimbus.example.com. At your registrar, edit your CNAME and set the target to domains.nimbus.example.com. Make sure there is no A or AAAA record for the same name. Wait for the old TTL to expire, then click Re-check in Settings > Custom domains.'
}

function resolved(id: string, item: Case, shown?: string): ConversationState {
  const state = conversation(id)
  state.ticket = { ...state.ticket, subject: item.subject }
  message(state, 'customer', item.customer, 0)
  if (shown) state.suggestions.push(suggestion(state, shown))
  message(state, 'analyst', item.fix, 5)
  message(state, 'customer', 'That fixed it.', 9)
  state.resolve(at(10))
  return state
}

function suggestion(state: ConversationState, entryId: string): Suggestion {
  return {
    id: `${state.ticket.id}:s1`,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind: 'answer',
    title: 'x',
    text: 'x',
    citations: [{ entryId, title: 'x', sourceTicketIds: ['W-1'], score: 0.5 }],
    confidence: 0.5,
    reason: 'x',
    triggerMessageId: null,
    createdAt: at(1),
    feedback: []
  }
}

/** Every text means the same to this model. */
const sameForEverything = (): number[] => [1, 0, 0, 0]

describe('a model that finds every case the same problem', () => {
  it('never merges a case into an entry its own words do not relate, whatever the embeddings say', async () => {
    const runtime = createLlmRuntime(new ScriptedBackend(() => '{}', sameForEverything))
    const run = async (model: LlmRuntime | null) => {
      const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
      const learner = new Learner(
        knowledge,
        matcher,
        (id) => `kb-${id}`,
        () => model
      )
      await learner.learn(resolved('W-1', WEBHOOK), new Date(at(20)), learning)
      const outcomes = []
      for (const [id, item] of [
        ['S-1', SAML],
        ['D-1', DOMAIN],
        ['W-2', WEBHOOK_AGAIN]
      ] as const) {
        const outcome = await learner.learn(resolved(id, item), new Date(at(30)), learning)
        outcomes.push(outcome.outcome === 'skipped' ? 'skipped' : `${outcome.outcome}:${outcome.entry.id}`)
      }
      return outcomes
    }
    // Without the model: the retrieval-only rules (the baseline).
    expect(await run(null)).toEqual(['learned:kb-S-1', 'learned:kb-D-1', 'merged:kb-W-1'])
    // With the model: the same, although its embeddings alone would put every pair over the merge threshold.
    expect(await run(runtime)).toEqual(['learned:kb-S-1', 'learned:kb-D-1', 'merged:kb-W-1'])
  })

  it('through an OpenAI-compatible server that keeps every entry and embeds every text alike, learns each problem apart', async () => {
    server = await startFakeServer((request, response: ServerResponse) => {
      if (request.path === '/v1/embeddings') {
        const input = request.body.input as string[]
        return sendJson(response, 200, {
          object: 'list',
          data: input.map((_text, index) => ({ object: 'embedding', index, embedding: sameForEverything() }))
        })
      }
      const messages = request.body.messages as Array<{ role: 'system' | 'user'; content: string }>
      const stage = stageOf({ kind: 'json', messages })
      // "Same problem, fold it in" to everything: keep each cited entry; extract nothing of its own (the analysts'
      // steps are learned instead) so that only the merge decision is the model's.
      const answer =
        stage === 'review'
          ? { decision: 'keep', reason: 'the same problem' }
          : { learnable: false, title: '', problem: '', resolution: [] }
      sendJson(response, 200, completion(JSON.stringify(answer)))
    })
    const runtime = createLlmRuntime(
      createRemoteBackend({ baseUrl: server.baseUrl, model: 'chat', embeddingModel: 'embed', maxRetries: 0 }),
      { timeoutMs: 5_000 }
    )
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [])
    const learner = new Learner(
      knowledge,
      matcher,
      (id) => `kb-${id}`,
      () => runtime
    )
    const problems: string[] = []
    const reviewer = new CaseReviewer(
      knowledge,
      matcher,
      learner,
      () => runtime,
      (stage, error) => problems.push(`${stage}:${error.code}`)
    )
    const review = async (state: ConversationState) =>
      (await reviewer.review(state, new Date(at(40)), learning)).map(
        (outcome) => `${outcome.type}:${outcome.entry.id}`
      )
    expect(await review(resolved('W-1', WEBHOOK))).toEqual(['learned:kb-W-1'])
    // The webhook entry was shown on the SAML case and the model says "keep": the case is another problem, so the
    // entry is not confirmed by it (the analysts solved it otherwise) and the case becomes an entry of its own.
    expect(await review(resolved('S-1', SAML, 'kb-W-1'))).toEqual(['refuted:kb-W-1', 'learned:kb-S-1'])
    expect(await review(resolved('D-1', DOMAIN, 'kb-W-1'))).toEqual(['refuted:kb-W-1', 'learned:kb-D-1'])
    // The same problem again: the model's "keep" stands.
    expect(await review(resolved('W-2', WEBHOOK_AGAIN, 'kb-W-1'))).toEqual(['confirmed:kb-W-1'])
    expect(knowledge.get('cloud-support', 'kb-W-1')!.sourceTicketIds).toEqual(['W-1', 'W-2'])
    // Nothing cited: the SAML case again, in other words, merges into the SAML entry, never the webhook one.
    const [again] = await review(
      resolved('S-2', { ...SAML, subject: 'SAML signature rejected after rotation' })
    )
    expect(again).toBe('merged:kb-S-1')
    expect(problems).toEqual([])
    expect(server.requests.some((request) => request.path === '/v1/embeddings')).toBe(true)
  })
})
