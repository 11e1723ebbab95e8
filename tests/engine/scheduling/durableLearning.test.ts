/**
 * Learning is durable: a resolution in the event log is learned from even when the process stops before its
 * learning ran. The first engine's model hangs on every extraction (so no resolution is learned) and is abandoned
 * without stopping, as a killed process would be; the next start learns from every logged resolution, once.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import type { EngineActivity } from '../../../src/main/engine/types'
import type { BackendFactories } from '../../../src/main/engine/llm/modelManager'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { EngineStatus } from '../../../src/shared/contract'
import { Settings } from '../../../src/shared/settings'
import { competentModel, competentScript, turnsOf } from '../../helpers/competentModel'
import { call, demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

function restart(dataDir: string) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  host.settings.write(Settings.parse({ llm: { mode: 'off' } }))
  const engine = createEngine(host, { source: { kind: 'none' } })
  const learned: EngineActivity[] = []
  engine.onActivity((item) => {
    if (item.type === 'learned' || item.type === 'merged') learned.push(item)
  })
  return { engine, learned }
}

describe('durable learning', () => {
  it('learns at the next start from resolutions logged before a crash, and only once', async () => {
    const dataDir = await tempDir()
    // The self-check's extraction (its cases quote E-1042) is answered; every real case's hangs.
    const model = competentModel({
      extract: (request) =>
        turnsOf(request).some((turn) => turn.text.includes('E-1042'))
          ? competentScript.extract!(request)
          : new Promise<string>(() => undefined)
    })
    const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
    host.settings.write(
      Settings.parse({ llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'scripted' } })
    )
    const factories: BackendFactories = {
      local: () => Promise.reject(new Error('not used')),
      remote: () => model.backend
    }
    const crashed = createEngine(host, {
      source: { kind: 'demo', speed: 'max' },
      modelFactories: factories,
      awaitModel: true
    })
    const learnedBefore: EngineActivity[] = []
    crashed.onActivity((item) => item.type === 'learned' && learnedBefore.push(item))
    await crashed.start()
    for (;;) {
      const status = await call<EngineStatus>(crashed, 'engine.status')
      if (status.source.state === 'finished') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const events = (await readFile(join(dataDir, 'events.jsonl'), 'utf8')).trim().split('\n')
    const resolved = events.filter((line) => line.includes('"type":"ticket.resolved"')).length
    expect(resolved).toBe(demoCases().length)
    expect(learnedBefore).toHaveLength(0)
    // `crashed` is abandoned here, its extractions still hanging: nothing after the event log was written.

    const second = restart(dataDir)
    await second.engine.start()
    await second.engine.whenSourceIdle()
    const knowledge = await call<EngineStatus>(second.engine, 'engine.status')
    await second.engine.stop()
    expect(second.learned.length).toBeGreaterThan(5)
    expect(knowledge.knowledgeEntries).toBeGreaterThan(5)
    const journal = (await readFile(join(dataDir, 'learned.jsonl'), 'utf8')).trim().split('\n')
    expect(journal).toHaveLength(resolved)

    const third = restart(dataDir)
    await third.engine.start()
    await third.engine.whenSourceIdle()
    await third.engine.stop()
    expect(third.learned).toHaveLength(0)
  }, 60_000)
})
