/**
 * Ask, Summarize and learning have a time budget of their own, like each message: against a model whose every call
 * hangs (the scripted competent model, held), with per-call timeouts far longer than the test, the answer comes
 * from knowledge, the summary is extractive and the resolved case is learned from the analysts' own words, each
 * about one budget after it started, with a warning that says so.
 */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import type { BackendFactories } from '../../../src/main/engine/llm/modelManager'
import type { Responder } from '../../../src/main/engine/llm/scriptedBackend'
import type { EngineActivity } from '../../../src/main/engine/types'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus, PushEventPayload } from '../../../src/shared/contract'
import type { Suggestion } from '../../../src/shared/domain'
import { Settings } from '../../../src/shared/settings'
import { competentModel } from '../../helpers/competentModel'
import { call, demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** Words of the demo's first case (NIM-1001): every prompt about it keeps its opening message. */
const CASE_WORDS = 'since about 8am none of our team'

/** The demo's first case through an engine whose model answers competently until `hold()`, then never. */
async function engineWithHeldModel(holdFromStart: boolean) {
  const model = competentModel()
  const backend = model.backend as unknown as { respond: Responder }
  const respond = backend.respond
  let holding = holdFromStart
  let held = 0
  // Only calls about the case hang: the model's self-check at load still passes.
  backend.respond = async (request) => {
    if (holding && request.messages.some((message) => message.content.includes(CASE_WORDS))) {
      held++
      return new Promise<string>(() => undefined)
    }
    return respond(request)
  }
  const dataDir = await tempDir()
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(
    Settings.parse({
      llm: {
        mode: 'remote',
        remoteUrl: 'http://127.0.0.1:9/v1',
        remoteModel: 'scripted',
        timeoutMs: 600_000,
        assistBudgetSeconds: 1,
        learningBudgetSeconds: 1
      },
      pipeline: { messageBudgetSeconds: 1 }
    })
  )
  const factories: BackendFactories = {
    local: () => Promise.reject(new Error('not used')),
    remote: () => model.backend
  }
  const cases = demoCases().slice(0, 1)
  const engine = createEngine(host, {
    source: { kind: 'replay', events: demoCaseEvents(cases), speed: 'max' },
    modelFactories: factories,
    awaitModel: true
  })
  const activities: EngineActivity[] = []
  const chunks: PushEventPayload<'assist.chunk'>[] = []
  engine.onActivity((activity) => activities.push(activity))
  engine.onEvent((envelope) => {
    if (envelope.event === 'assist.chunk') chunks.push(envelope.payload)
  })
  await engine.start()
  return {
    engine,
    ticketId: cases[0]!.id,
    activities,
    chunks,
    hold: () => void (holding = true),
    held: () => held
  }
}

const warningsOf = async (engine: Awaited<ReturnType<typeof engineWithHeldModel>>['engine']) =>
  (await call<EngineStatus>(engine, 'engine.status')).warnings.join('\n')

describe('time budgets of Ask, Summarize and learning', () => {
  it('answers from knowledge and summarizes extractively once the 1 s budget runs out', async () => {
    const { engine, ticketId, chunks, hold, held } = await engineWithHeldModel(false)
    await engine.whenSourceIdle()
    hold()

    const asked = Date.now()
    const { requestId } = await call<{ requestId: string }>(engine, 'assist.ask', {
      ticketId,
      question: 'What fixed this last time?'
    })
    let done: PushEventPayload<'assist.chunk'> | undefined
    for (let waited = 0; !done && waited < 20_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      done = chunks.find((chunk) => chunk.requestId === requestId && chunk.done)
    }
    expect(done, 'an answer within 20 s').toBeDefined()
    expect(Date.now() - asked).toBeLessThan(10_000)
    const said = chunks.filter((chunk) => chunk.requestId === requestId)
    expect(said.map((chunk) => chunk.error).join('\n')).toMatch(
      /longer than its 1 s budget\. Answering from knowledge instead/
    )
    expect(done!.text).toMatch(/^From "/)
    expect(done!.citations.length).toBeGreaterThan(0)

    const summarized = Date.now()
    const summary = await call<Suggestion>(engine, 'assist.summarize', { ticketId })
    expect(Date.now() - summarized).toBeLessThan(10_000)
    expect(summary.generated).toBeFalsy()
    expect(summary.text.length).toBeGreaterThan(0)
    expect(held()).toBeGreaterThanOrEqual(2)

    const warnings = await warningsOf(engine)
    expect(warnings).toMatch(/An Ask answer ran past its 1 s model budget/)
    expect(warnings).toMatch(/A summary ran past its 1 s model budget/)
    expect(warnings).not.toMatch(/The model failed/)
    await engine.stop()
  }, 60_000)

  it('learns a resolved case from the analysts’ own words once its 1 s learning budget runs out', async () => {
    const started = Date.now()
    const { engine, activities, held } = await engineWithHeldModel(true)
    await engine.whenSourceIdle()
    expect(Date.now() - started).toBeLessThan(30_000)
    const learned = activities.filter((activity) => activity.type === 'learned' || activity.type === 'merged')
    expect(learned).toHaveLength(1)
    expect(held()).toBeGreaterThan(0)
    const warnings = await warningsOf(engine)
    expect(warnings).toMatch(/Learning from a case ran past its 1 s model budget/)
    await engine.stop()
  }, 60_000)
})
