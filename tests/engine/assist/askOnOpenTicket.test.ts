/**
 * Ask in the workbench while a ticket is open and Vigil's card is on screen: the demo up to NIM-1011's "done, all
 * 25,112 contacts imported ... no 429 at all. thanks!", with the card "Similar past case NIM-1002: Nightly sync job
 * failing with HTTP 429" shown on its first message. A question about the ticket itself is answered from what the card
 * cited, never "the team's knowledge has nothing on this ticket".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushEventPayload } from '../../../src/shared/contract'
import type { Suggestion } from '../../../src/shared/domain'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import { call, demoCases, runToEnd, type Harness } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

type Chunk = PushEventPayload<'assist.chunk'>

const tempDir = useTempDirs()
let harness: Harness
const chunks: Chunk[] = []

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

describe('Ask on an open ticket with a card shown', () => {
  beforeAll(async () => {
    const all = demoCases()
    const opened = Date.parse(all.find((item) => item.id === 'NIM-1011')!.openedAt)
    const before = all.filter((item) => Date.parse(item.openedAt) < opened)
    const events = demoCaseEvents([...before, all.find((item) => item.id === 'NIM-1011')!]).filter(
      // NIM-1011 stays open at the customer's "thanks!" (its 6th message); the cases before it end as they did.
      (event) =>
        !(event.type === 'ticket.resolved' && event.ticketId === 'NIM-1011') &&
        !(event.type === 'message.added' && event.message.id === 'NIM-1011-m7')
    )
    harness = await runToEnd(await tempDir(), { kind: 'replay', events, speed: 'max' })
    harness.engine.onEvent((envelope) => {
      if (envelope.event === 'assist.chunk') chunks.push(envelope.payload)
    })
  }, 120_000)
  afterAll(() => harness.engine.stop())

  it("answers Ask's own placeholder question from the card's entry, not with nothing", async () => {
    const cards = await call<Suggestion[]>(harness.engine, 'suggestions.list', { limit: 500 })
    const card = cards.find((item) => item.ticketId === 'NIM-1011' && item.citations.length > 0)
    expect(card?.citations[0]?.entryId).toBe('kb-NIM-1002')
    const answer = await ask('NIM-1011', 'What fixed this last time?')
    expect(answer.citations[0]?.entryId).toBe('kb-NIM-1002')
    expect(answer.text).toMatch(
      /^From "Nightly sync job failing with HTTP 429" \(Vigil's card on this ticket cites it; from 1 resolved ticket\):/
    )
    expect(answer.text).not.toMatch(/nothing on this ticket/)
  })
})
