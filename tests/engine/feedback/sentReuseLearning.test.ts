import { describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import type { Feedback } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message, openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** A SAML case the analysts closed with an unrelated reply, after Vigil showed the SAML entry. */
async function reviewWith(feedback: Array<Pick<Feedback, 'kind' | 'via'>>) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [
    samlEntry({ sourceTicketIds: ['OLD-1', 'OLD-2'], observations: 2 })
  ])
  const reviewer = new CaseReviewer(knowledge, matcher, new Learner(knowledge, matcher, (id) => `kb-${id}`))
  const state = conversation('T-1')
  message(state, 'customer', 'Nobody can sign in with SSO, the SAML response signature validation failed.', 0)
  state.suggestions.push({
    id: 'T-1:s1',
    ticketId: 'T-1',
    team: state.ticket.team,
    kind: 'answer',
    title: 'x',
    text: 'x',
    citations: [{ entryId: 'kb-saml', title: 'x', sourceTicketIds: ['OLD-1'], score: 0.5 }],
    confidence: 0.5,
    reason: 'x',
    triggerMessageId: null,
    createdAt: at(1),
    feedback: feedback.map((item) => ({ suggestionId: 'T-1:s1', at: at(2), ...item }))
  })
  message(state, 'analyst', 'Please try again later, the service had a short hiccup on our side.', 5)
  state.resolve(at(10))
  const outcomes = await reviewer.review(state, new Date(at(20)), defaultSettings().learning)
  return outcomes.find((outcome) => outcome.entry.id === 'kb-saml')?.type
}

describe('the case review takes reuse read from sent replies like the buttons', () => {
  it('sent as is or in part confirms the entry, as the adopt button does', async () => {
    expect(await reviewWith([{ kind: 'adopted', via: 'button' }])).toBe('confirmed')
    expect(await reviewWith([{ kind: 'adopted', via: 'sent' }])).toBe('confirmed')
    expect(await reviewWith([{ kind: 'edited', via: 'sent' }])).toBe('confirmed')
  })

  it('ignored is no reaction: the resolution judges the entry, as with no feedback at all', async () => {
    expect(await reviewWith([])).toBe('refuted')
    expect(await reviewWith([{ kind: 'ignored', via: 'sent' }])).toBe('refuted')
  })
})
