/**
 * A model must earn trust, through the real engine over the demo: a competent model passes the self-check and keeps
 * being used; a confused one (here: it passes the self-check, then says "no help needed" to every customer) is
 * caught at run time, warned about, and set aside, so Vigil answers retrieval-only instead of going quiet.
 */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import type { EngineActivity } from '../../src/main/engine/types'
import type { BackendFactories } from '../../src/main/engine/llm/modelManager'
import type { ScriptedBackend } from '../../src/main/engine/llm/scriptedBackend'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import type { EngineStatus } from '../../src/shared/contract'
import { Settings } from '../../src/shared/settings'
import { competentModel, turnsOf } from '../helpers/competentModel'
import { call, recordingLogger, resourcesDir } from '../helpers/engineHarness'
import { json } from '../helpers/scriptedModel'
import { useTempDirs } from '../helpers/tempDir'

const tempDir = useTempDirs()

async function replayDemo(backend: ScriptedBackend | null, llm: Partial<Settings['llm']> = {}) {
  const dataDir = await tempDir()
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  if (backend) {
    const settings = { mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'scripted', ...llm }
    host.settings.write(Settings.parse({ llm: settings }))
  }
  const factories: BackendFactories = {
    local: () => Promise.reject(new Error('not used')),
    remote: () => backend!
  }
  const engine = createEngine(host, {
    source: { kind: 'demo', speed: 'max' },
    modelFactories: factories,
    awaitModel: true,
    // One message at a time, as an analyst's desk sees a demo: the counts below do not depend on timing.
    waitForWork: true
  })
  const activity: EngineActivity[] = []
  engine.onActivity((item) => activity.push(item))
  await engine.start()
  await engine.whenSourceIdle()
  const status = await call<EngineStatus>(engine, 'engine.status')
  await engine.stop()
  const suggestions = activity.filter((item) => item.type === 'suggestion')
  const learned = activity.filter((item) => item.type === 'learned' || item.type === 'merged')
  return { status, suggestions, learned }
}

/** Competent on the self-check's cases (which quote error E-1042), "no help needed" on every real customer. */
const mutingModel = () =>
  competentModel({
    scope: (request) => {
      const selfCheck = turnsOf(request).some((turn) => turn.text.includes('E-1042'))
      const thanks = turnsOf(request).at(-1)?.text.startsWith('Thank') ?? false
      return json({ needsHelp: selfCheck && !thanks, kind: 'chatter', analystHandling: false, reason: 'no' })
    }
  })

describe('model trust in the engine', () => {
  it('keeps using a competent model that passed the self-check', async () => {
    const model = competentModel()
    const { status, suggestions } = await replayDemo(model.backend)
    expect(status.model?.trust).toMatchObject({ verdict: 'reliable', inUse: true })
    expect(status.model?.trust?.checks).toHaveLength(4)
    // Used well past its self-check: model-written answers reached the analysts.
    expect(model.stages().filter((stage) => stage === 'scope').length).toBeGreaterThan(40)
    expect(suggestions.some((item) => item.type === 'suggestion' && item.suggestion.generated)).toBe(true)
    expect(status.warnings.join('\n')).not.toMatch(/not reliable|fell back/i)
  })

  it('warns and falls back to retrieval-only when the verdicts keep contradicting strong retrieval', async () => {
    const retrievalOnly = await replayDemo(null)
    const model = mutingModel()
    const { status, suggestions } = await replayDemo(model.backend)
    expect(status.model?.trust).toMatchObject({ verdict: 'confused', inUse: false })
    const warning = status.warnings.find((line) => line.includes('fell back to retrieval-only'))
    expect(warning).toMatch(/no help was needed on customer questions .* \(5 of the last 5 times\)/)
    // The model was asked no more once set aside, and Vigil did not go quiet: only the messages the model
    // muted before the fallback miss their cards. (The monitor counts only messages retrieval alone answers
    // confidently, so it needs a few more demo messages now that retrieval is stricter; a trusted model is asked
    // well over 40 times. Since one vendor's SSO case no longer confirms another's entry, the Entra, OneLogin and
    // Google tickets get similar cases, not confident answers, so the monitor sees one more muted message first.)
    const scopeCalls = model.stages().filter((stage) => stage === 'scope').length
    expect(scopeCalls).toBeLessThan(30)
    expect(suggestions.length).toBeGreaterThanOrEqual(retrievalOnly.suggestions.length - 8)
  })

  it('keeps a confused model in use when the settings say to, with the warning still shown', async () => {
    const model = mutingModel()
    const { status } = await replayDemo(model.backend, { useUnreliableModel: true })
    expect(status.model?.trust).toMatchObject({ verdict: 'confused', inUse: true, overridden: true })
    expect(status.warnings.join('\n')).toMatch(/In use anyway, as the settings ask/)
    expect(model.stages().filter((stage) => stage === 'scope').length).toBeGreaterThan(40)
  })
})
