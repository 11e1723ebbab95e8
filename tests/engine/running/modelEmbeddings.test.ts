/**
 * The running engine gives the knowledge store its model's embeddings once the model is in use: a team's entries
 * are embedded in the background and their vectors saved in vectors.bin, named for that model.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { readVectorFile, vectorFileName } from '../../../src/main/engine/knowledge/vectors/vectorFile'
import type { BackendFactories } from '../../../src/main/engine/llm/modelManager'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import { Settings } from '../../../src/shared/settings'
import { competentModel } from '../../helpers/competentModel'
import { recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { exportEntry, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('the engine and the model embeddings', () => {
  it('embeds the knowledge with the model in use and saves the vectors', async () => {
    const dataDir = await tempDir()
    const seeded = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
    for (const entry of [samlEntry(), exportEntry()]) await seeded.put(entry)
    await seeded.compact('cloud-support')
    await seeded.close()
    const path = join(dataDir, 'knowledge', 'cloud-support', vectorFileName)
    expect(await readVectorFile(path)).toEqual({ unusable: 'missing' })

    const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
    host.settings.write(
      Settings.parse({ llm: { mode: 'remote', remoteUrl: 'http://127.0.0.1:9/v1', remoteModel: 'scripted' } })
    )
    const { backend } = competentModel()
    const factories: BackendFactories = {
      local: () => Promise.reject(new Error('not used')),
      remote: () => backend
    }
    const engine = createEngine(host, {
      source: { kind: 'none' },
      modelFactories: factories,
      awaitModel: true
    })
    await engine.start()
    let saved = await readVectorFile(path)
    for (let tries = 0; 'unusable' in saved && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      saved = await readVectorFile(path)
    }
    await engine.stop()
    expect(saved).toMatchObject({ dimensions: 64, ids: expect.arrayContaining(['kb-saml', 'kb-export']) })
    expect(saved).toMatchObject({ model: expect.stringMatching(/^fake\/scripted#/) })
  })
})
