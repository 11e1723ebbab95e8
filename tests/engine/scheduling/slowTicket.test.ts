/**
 * One slow ticket never delays another, through the real engine over the demo's events: every model call about
 * ticket NIM-1001 hangs (a model that takes as long as the test wants), and the other tickets' cards still arrive
 * and the stream still reaches its end meanwhile; with a short per-message budget, the hung ticket's message gets
 * the retrieval-only decision instead of waiting. NIM-1001 stops after its customer's first message, so its work
 * still has a live case to speak on when it finally runs.
 */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import type { Engine, EngineActivity } from '../../../src/main/engine/types'
import type { BackendFactories } from '../../../src/main/engine/llm/modelManager'
import type { Responder, ScriptedRequest } from '../../../src/main/engine/llm/scriptedBackend'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus } from '../../../src/shared/contract'
import type { Suggestion } from '../../../src/shared/domain'
import { Settings } from '../../../src/shared/settings'
import { competentModel } from '../../helpers/competentModel'
import { call, demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import type { ConnectorEvent } from '../../../src/shared/events'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** NIM-1001's first customer message: the one whose model calls hang. */
let slowMessageId = ''

function demoEventsWithOpenSlowTicket(): ConnectorEvent[] {
  let firstCustomerSeen = false
  return demoCaseEvents(demoCases()).filter((event) => {
    const ticketId =
      event.type === 'ticket.opened' || event.type === 'ticket.updated'
        ? event.ticket.id
        : event.type === 'message.added'
          ? event.message.ticketId
          : event.ticketId
    if (ticketId !== SLOW) return true
    if (firstCustomerSeen) return false
    if (event.type === 'message.added' && event.message.authorRole === 'customer') {
      firstCustomerSeen = true
      slowMessageId = event.message.id
    }
    return true
  })
}
const SLOW = 'NIM-1001'
/** Words only NIM-1001's conversation has (its opening customer message, which every prompt keeps). */
const aboutSlowTicket = (request: ScriptedRequest): boolean =>
  request.messages.some((message) => message.content.includes('since about 8am none of our team'))

async function demoWithSlowTicket(
  pipeline: Partial<Settings['pipeline']>,
  released: Promise<void>,
  llm: Partial<Settings['llm']> = {}
) {
  const model = competentModel()
  // Every stage's script, wrapped: a call about the slow ticket first waits for `released`.
  const backend = model.backend as unknown as { respond: Responder }
  const respond = backend.respond
  let held = 0
  backend.respond = async (request) => {
    if (aboutSlowTicket(request)) {
      held++
      await released
    }
    return respond(request)
  }
  const dataDir = await tempDir()
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(
    Settings.parse({
      llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'scripted', ...llm },
      pipeline
    })
  )
  const factories: BackendFactories = {
    local: () => Promise.reject(new Error('not used')),
    remote: () => model.backend
  }
  const engine = createEngine(host, {
    source: { kind: 'replay', events: demoEventsWithOpenSlowTicket(), speed: 'max' },
    modelFactories: factories,
    awaitModel: true
  })
  const cards: Array<{ suggestion: Suggestion; at: number }> = []
  const decisions: Array<{ activity: EngineActivity; at: number }> = []
  engine.onActivity((item: EngineActivity) => {
    if (item.type === 'suggestion') cards.push({ suggestion: item.suggestion, at: Date.now() })
    if (item.type === 'suggestion' || item.type === 'silent')
      decisions.push({ activity: item, at: Date.now() })
  })
  await engine.start()
  return { engine, cards, decisions, held: () => held }
}

/** The decision on the slow message itself (not the bot's greeting before it, nor later stall checks). */
const aboutSlow = ({ activity }: { activity: EngineActivity }): boolean =>
  (activity.type === 'silent'
    ? activity.messageId
    : activity.type === 'suggestion' && activity.suggestion.triggerMessageId) === slowMessageId

async function sourceFinished(engine: Engine): Promise<void> {
  for (;;) {
    const status = await call<EngineStatus>(engine, 'engine.status')
    if (status.source.state === 'finished') return
    if (status.source.state === 'error') throw new Error(status.source.error ?? 'source error')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('per-ticket queues', () => {
  it("does not hold other tickets' cards while one ticket's model call hangs", async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const { engine, cards, decisions, held } = await demoWithSlowTicket(
      { messageBudgetSeconds: 600 },
      released
    )
    // The whole stream is read and every other ticket answered while NIM-1001's first model call still hangs.
    await sourceFinished(engine)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(held()).toBe(1)
    const others = new Set(cards.map((card) => card.suggestion.ticketId).filter((id) => id !== SLOW))
    expect(others.size).toBeGreaterThan(10)
    expect(decisions.filter(aboutSlow)).toHaveLength(0)
    // Released, the slow ticket's work runs, and "idle" waits for it.
    const releasedAt = Date.now()
    release()
    await engine.whenSourceIdle()
    const slow = decisions.filter(aboutSlow)
    expect(slow).toHaveLength(1)
    expect(slow[0]!.at).toBeGreaterThanOrEqual(releasedAt)
    await engine.stop()
  }, 60_000)

  it('gives a message the retrieval-only decision once its model time budget runs out', async () => {
    const never = new Promise<void>(() => undefined)
    const started = Date.now()
    // Learning is off the message budget: a held extraction ends at its own per-call time limit.
    const { engine, decisions } = await demoWithSlowTicket({ messageBudgetSeconds: 1 }, never, {
      timeoutMs: 2_000
    })
    await engine.whenSourceIdle()
    const status = await call<EngineStatus>(engine, 'engine.status')
    await engine.stop()
    const slow = decisions.filter(aboutSlow)
    expect(slow).toHaveLength(1)
    // Decided by retrieval alone (the competent model would have written next steps), about one budget after the
    // start — not never.
    const decision = slow[0]!.activity
    if (decision.type === 'silent') expect(decision.reason).not.toMatch(/model/)
    else expect(decision.type === 'suggestion' && decision.suggestion.generated).toBeFalsy()
    expect(slow[0]!.at - started).toBeLessThan(15_000)
    expect(status.warnings.join('\n')).toMatch(/ran past their 1 s budget; it got the retrieval-only result/)
    expect(status.warnings.join('\n')).not.toMatch(/The model failed/)
  }, 60_000)
})
