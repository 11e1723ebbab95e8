import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushEventPayload } from '../../../src/shared/contract'
import { call, runToEnd, type Harness } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

type Chunk = PushEventPayload<'assist.chunk'>

const tempDir = useTempDirs()
let harness: Harness
let chunks: Chunk[]

/** Asks on a ticket of the finished demo and returns the final answer event. */
async function ask(ticketId: string, question: string): Promise<Chunk> {
  const { requestId } = await call<{ requestId: string }>(harness.engine, 'assist.ask', {
    ticketId,
    question
  })
  for (let waited = 0; waited < 5_000; waited += 20) {
    const done = chunks.find((chunk) => chunk.requestId === requestId && chunk.done)
    if (done) return done
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no answer to ${question}`)
}

describe('Ask without a model, on the finished demo', () => {
  beforeAll(async () => {
    harness = await runToEnd(await tempDir())
    chunks = []
    harness.engine.onEvent((envelope) => {
      if (envelope.event === 'assist.chunk') chunks.push(envelope.payload)
    })
  })
  afterAll(() => harness.engine.stop())

  it('answers the question asked, not the ticket: a refund question on an SSO ticket gets "Charged twice"', async () => {
    const answer = await ask('NIM-1029', 'How do I refund a customer who was charged twice?')
    expect(answer.error).toBeNull()
    expect(answer.citations.map((c) => c.title)).toEqual(['Charged twice for our plan upgrade'])
    expect(answer.text).toMatch(
      /^From "Charged twice for our plan upgrade" \(it matches your question on "charged", "twice"/
    )
    expect(answer.text).not.toMatch(/SAML|Okta|certificate/i)
  })

  it('uses the ticket as context for a question about this ticket', async () => {
    const answer = await ask('NIM-1029', 'What fixed this last time?')
    expect(answer.citations[0]?.title).toMatch(/SSO/)
    expect(answer.text).toContain('it matches the problem in this conversation')
  })

  it('the ticket breaks ties among entries the question matches: "signature invalid" on an SSO ticket', async () => {
    const onSso = await ask('NIM-1029', 'signature check failed')
    const onWebhook = await ask('NIM-1025', 'signature check failed')
    // Okta, Entra and OneLogin cases are entries of their own (one vendor's steps never confirm another's).
    expect(onSso.citations[0]?.title).toMatch(/SSO|OneLogin|Microsoft/)
    expect(onWebhook.citations[0]?.title).toMatch(/Webhook/)
  })

  it('says plainly when the team has nothing on the question, citing nothing', async () => {
    const answer = await ask('NIM-1029', 'asdkjh qwe zzzz')
    expect(answer.text).toMatch(/^The team's knowledge has nothing on "asdkjh qwe zzzz" yet/)
    expect(answer.citations).toEqual([])
  })

  it('refuses an empty or symbols-only question with a coded message, starting no request', async () => {
    for (const question of ['   ', '?!? ...', '']) {
      const result = await harness.engine.call('assist.ask', { ticketId: 'NIM-1029', question })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('BAD_INPUT')
    }
    const symbols = await harness.engine.call('assist.ask', { ticketId: 'NIM-1029', question: '?!?' })
    expect(!symbols.ok && symbols.error.message).toMatch(/has no words in it/)
  })
})
