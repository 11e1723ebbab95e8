import { describe, expect, it } from 'vitest'
import { feedbackQuality } from '../../../src/main/engine/retrieval/ranking'
import { emptyCounters } from '../../../src/shared/domain'
import { openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const withCounters = (counters: Partial<ReturnType<typeof emptyCounters>>) =>
  samlEntry({ counters: { ...emptyCounters(), ...counters } })

describe('reuse read from sent replies moves ranking', () => {
  it('sent as is counts like the adopt button, partly sent half as much, ignored not at all', () => {
    const neutral = feedbackQuality(withCounters({}))
    expect(feedbackQuality(withCounters({ adoptedSent: 2 }))).toBe(
      feedbackQuality(withCounters({ adopted: 2 }))
    )
    expect(feedbackQuality(withCounters({ editedSent: 2 }))).toBe(
      feedbackQuality(withCounters({ adopted: 1 }))
    )
    expect(feedbackQuality(withCounters({ editedSent: 1 }))).toBeGreaterThan(neutral)
    expect(feedbackQuality(withCounters({ ignoredSent: 5 }))).toBe(neutral)
  })

  it('the store keeps the sent counters apart and leaves them absent until they move', async () => {
    const { knowledge } = await openKnowledge(await tempDir(), [samlEntry()])
    await knowledge.bumpCounters('cloud-support', 'kb-saml', { shown: 1 })
    expect(knowledge.get('cloud-support', 'kb-saml')!.counters).toEqual({ ...emptyCounters(), shown: 1 })
    await knowledge.bumpCounters('cloud-support', 'kb-saml', { adoptedSent: 1 })
    await knowledge.bumpCounters('cloud-support', 'kb-saml', { ignoredSent: 1 })
    expect(knowledge.get('cloud-support', 'kb-saml')!.counters).toEqual({
      ...emptyCounters(),
      shown: 1,
      adoptedSent: 1,
      ignoredSent: 1
    })
  })
})
