/**
 * A replaced version is written to history before the new version: a kill between the two leaves the version
 * still current with a copy in history, which `history` leaves out, and never loses it.
 */
import { appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { samlEntry } from '../../helpers/knowledgeFixtures'
import { recordingLogger } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('entry history across a cut-short write', () => {
  it('lists each earlier version once and never the current one', async () => {
    const dir = await tempDir()
    const store = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    await store.put(samlEntry())
    await store.put(samlEntry({ version: 2, title: 'Second' }))
    await store.close()
    // The process died after writing version 2 to history, before writing version 3 itself.
    const history = join(dir, 'cloud-support', 'history.jsonl')
    await appendFile(history, JSON.stringify(samlEntry({ version: 2, title: 'Second' })) + '\n')

    const reopened = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    expect(reopened.get('cloud-support', 'kb-saml')!.version).toBe(2)
    expect((await reopened.history('cloud-support', 'kb-saml')).map((e) => e.version)).toEqual([1])
    await reopened.put(samlEntry({ version: 3, title: 'Third' }))
    expect((await reopened.history('cloud-support', 'kb-saml')).map((e) => e.version)).toEqual([1, 2])
    await reopened.close()
  })

  it('keeps working after a kill tore the last history line: the next version starts a line of its own', async () => {
    const dir = await tempDir()
    const store = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    await store.put(samlEntry())
    await store.put(samlEntry({ version: 2, title: 'Second' }))
    await store.close()
    const history = join(dir, 'cloud-support', 'history.jsonl')
    await appendFile(history, JSON.stringify(samlEntry({ version: 2, title: 'Second' })).slice(0, 40))

    const reopened = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    expect((await reopened.history('cloud-support', 'kb-saml')).map((e) => e.version)).toEqual([1])
    await reopened.put(samlEntry({ version: 3, title: 'Third' }))
    expect((await reopened.history('cloud-support', 'kb-saml')).map((e) => e.version)).toEqual([1, 2])
    await reopened.close()
  })
})
