/** Item 6c: counters move only as changes; writing back an entry read earlier never undoes a reaction. */
import { describe, expect, it } from 'vitest'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { samlEntry } from '../../helpers/knowledgeFixtures'
import { recordingLogger } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('counters are applied as changes', () => {
  it('a like recorded while a case review holds an older copy survives the review writing its new version', async () => {
    const dir = await tempDir()
    const store = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    await store.put(samlEntry())
    // The review reads the entry, then waits (on the model, say) ...
    const readByReview = store.get('cloud-support', 'kb-saml')!
    // ... meanwhile an analyst likes a card citing it ...
    await store.bumpCounters('cloud-support', 'kb-saml', { liked: 1, shown: 1 })
    // ... and the review writes its confirmed version from the copy it read.
    await store.put({ ...readByReview, version: readByReview.version + 1, observations: 3 })

    const current = store.get('cloud-support', 'kb-saml')!
    expect(current).toMatchObject({ version: 2, observations: 3 })
    expect(current.counters).toMatchObject({ liked: 1, shown: 1 })
    await store.close()

    const reopened = await KnowledgeStore.open({ dir, logger: recordingLogger() })
    expect(reopened.get('cloud-support', 'kb-saml')!.counters).toMatchObject({ liked: 1, shown: 1 })
    await reopened.close()
  })

  it('a like queued in the same write batch as the stale copy still counts', async () => {
    const store = await KnowledgeStore.open({ dir: await tempDir(), logger: recordingLogger() })
    await store.put(samlEntry())
    const stale = store.get('cloud-support', 'kb-saml')!
    const like = store.bumpCounters('cloud-support', 'kb-saml', { liked: 1 })
    const write = store.put({ ...stale, version: 2 })
    await Promise.all([like, write])
    expect(store.get('cloud-support', 'kb-saml')!.counters.liked).toBe(1)
    await store.close()
  })
})
