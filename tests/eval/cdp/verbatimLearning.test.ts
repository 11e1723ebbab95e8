import { describe, expect, it } from 'vitest'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { createEngine } from '../../../src/main/engine/createEngine'
import { demoCaseEvents } from '../../../src/main/engine/connectors/demoCases'
import type { EngineActivity } from '../../../src/main/engine/types'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import { demoCases, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

type Learned = Extract<EngineActivity, { entry: KnowledgeEntry }>

async function learnedWith(learning: 'curated' | 'verbatim'): Promise<Learned[]> {
  const host = createNodeHost({ dataDir: await tempDir(), resourcesDir, logger: recordingLogger(), env: {} })
  const events = demoCaseEvents(demoCases())
  const engine = createEngine(host, { source: { kind: 'replay', events, speed: 'max' }, learning })
  const activity: EngineActivity[] = []
  engine.onActivity((item) => activity.push(item))
  try {
    await engine.start()
    await engine.whenSourceIdle()
  } finally {
    await engine.stop()
  }
  return activity.filter((item): item is Learned => 'entry' in item)
}

describe("the evaluation's verbatim learning", () => {
  it('stores each resolved case as written: one entry per case, never merged, confirmed or corrected', async () => {
    const cases = demoCases()
    const verbatim = await learnedWith('verbatim')
    expect(verbatim.map((item) => item.type)).toEqual(cases.map(() => 'learned'))
    for (const item of verbatim) {
      const { entry } = item
      const source = cases.find((demoCase) => demoCase.id === item.ticketId)!
      expect(entry.sourceTicketIds).toEqual([source.id])
      // The analysts' messages word for word, not extracted steps.
      const analyst = source.messages.filter((message) => message.role === 'analyst').map((m) => m.text)
      expect(entry.resolution).toEqual(analyst)
    }
    // The curated loop on the same cases merges and confirms: the reference differs from it.
    const curated = await learnedWith('curated')
    expect(curated.some((item) => item.type === 'merged' || item.type === 'confirmed')).toBe(true)
  })
})
