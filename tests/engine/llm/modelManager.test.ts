import { describe, expect, it } from 'vitest'
import type { ModelStatus } from '../../../src/shared/contract'
import { ModelManager, type SelfCheck } from '../../../src/main/engine/llm/modelManager'
import { ScriptedBackend } from '../../../src/main/engine/llm/scriptedBackend'
import { Settings } from '../../../src/shared/settings'
import { recordingLogger } from '../../helpers/engineHarness'

const remote = (llm: Partial<Settings['llm']> = {}): Settings['llm'] =>
  Settings.parse({ llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'm', ...llm } })
    .llm

function manager(selfCheck: SelfCheck) {
  const backends: ScriptedBackend[] = []
  const statuses: ModelStatus[] = []
  const warnings: string[] = []
  const models = new ModelManager({
    factories: {
      local: () => Promise.reject(new Error('unused')),
      remote: (options) => {
        const backend = new ScriptedBackend(() => '{}')
        backend.info.contextSize = options.contextSize
        backends.push(backend)
        return backend
      }
    },
    secrets: { get: async () => null, set: async () => {}, delete: async () => {} } as never,
    logger: recordingLogger(),
    onStatus: (status) => statuses.push(status),
    selfCheck,
    onWarning: (message) => warnings.push(message)
  })
  return { models, backends, statuses, warnings }
}

const failing: SelfCheck = async () => ({
  checks: [
    { name: 'A customer question needs help', passed: false, detail: 'needsHelp false' },
    { name: 'Thanks alone needs no help', passed: true, detail: 'needsHelp false' }
  ]
})
const passing: SelfCheck = async () => ({ checks: [{ name: 'case', passed: true, detail: 'ok' }] })

describe('ModelManager trust', () => {
  it('hands out no runtime while the self-check runs, nor after it fails', async () => {
    const { models, statuses, warnings } = manager(failing)
    await models.configure(remote())
    expect(statuses.map((status) => status.trust?.verdict ?? null)).toContain('checking')
    expect(models.status()).toMatchObject({ state: 'ready', trust: { verdict: 'unreliable', inUse: false } })
    expect(models.runtime()).toBeNull()
    expect(warnings).toEqual([
      'Not reliable for Vigil: it failed 1 of 2 self-check cases. Vigil stays retrieval-only; to use it ' +
        'regardless, turn on "Use the model anyway" in the settings (llm.useUnreliableModel) or pass ' +
        '--use-model-anyway on the command line.'
    ])
    // Its server answers, but a model Vigil does not trust is never reported as "working".
    expect(models.status().health).toBe(
      "not trusted: it failed Vigil's self-check; Vigil runs retrieval-only"
    )
  })

  it('uses a failing model when the setting says so, without reloading it', async () => {
    const { models, backends } = manager(failing)
    await models.configure(remote())
    await models.configure(remote({ useUnreliableModel: true }))
    expect(backends).toHaveLength(1)
    expect(models.runtime()).not.toBeNull()
    expect(models.status().trust).toMatchObject({ verdict: 'unreliable', inUse: true, overridden: true })
    expect(models.status().health).toBe(
      "not trusted: it failed Vigil's self-check; in use anyway, as the settings ask (working)"
    )
    await models.configure(remote())
    expect(models.runtime()).toBeNull()
  })

  it('sets a passing model aside when the witness finds it confused, until it is reloaded', async () => {
    const { models, warnings } = manager(passing)
    await models.configure(remote())
    expect(models.runtime()).not.toBeNull()
    for (let i = 0; i < 5; i++) models.witness.record('answer', true)
    expect(models.runtime()).toBeNull()
    expect(models.status().trust).toMatchObject({ verdict: 'confused', inUse: false })
    expect(models.status().health).toMatch(/^not trusted: its verdicts kept contradicting/)
    expect(warnings.at(-1)).toMatch(/no entry answers the case .* Vigil fell back to retrieval-only; reload/)
    await models.configure(remote(), { force: true })
    expect(models.status().trust).toMatchObject({ verdict: 'reliable', inUse: true })
    expect(models.status().health).toBe('working')
    models.witness.record('answer', true)
    expect(models.runtime()).not.toBeNull()
  })

  it('passes the context size from the settings to the remote backend', async () => {
    const { models, backends } = manager(passing)
    await models.configure(remote({ remoteContextSize: 8192 }))
    expect(backends[0]!.info.contextSize).toBe(8192)
    expect(models.runtime()!.info.contextSize).toBe(8192)
  })

  it('names what is missing: the server URL; an empty model id is left for the server to name', async () => {
    const { models, statuses } = manager(passing)
    await models.configure(remote({ remoteUrl: '' }))
    const error = statuses.at(-1)!.error!
    expect(error).toContain("No server URL is set: enter the server's address in Settings › Model.")
    expect(error).not.toContain('model id')
    await models.configure(remote({ remoteModel: '' }))
    expect(models.status()).toMatchObject({
      state: 'ready',
      error: null,
      model: "the server's model at http://127.0.0.1:9/v1"
    })
  })
})
