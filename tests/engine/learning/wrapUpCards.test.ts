/**
 * A card shown once the customer said the problem was solved answered nothing: on the demo's second desktop the
 * rate-limit card after "Vault updated, consumer reloaded, replay done. All green." marked the rate-limit entry wrong.
 * Unless the analyst reacted to it, such a card neither confirms nor refutes its entry.
 */
import { describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import type { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import type { FeedbackKind, Message, Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import {
  at,
  conversation,
  exportEntry,
  message,
  openKnowledge,
  samlEntry
} from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

function card(state: ConversationState, trigger: Message, reaction?: FeedbackKind): Suggestion {
  const id = `${state.ticket.id}:s1`
  return {
    id,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind: 'answer',
    title: 'CSV export times out with 504 Gateway Timeout',
    text: 'Use the asynchronous export under Data > Exports.',
    citations: [{ entryId: 'kb-export', title: 'x', sourceTicketIds: ['OLD-1'], score: 0.2 }],
    confidence: 0.12,
    reason: 'x',
    triggerMessageId: trigger.id,
    createdAt: trigger.time,
    feedback: reaction ? [{ suggestionId: id, kind: reaction, at: trigger.time }] : []
  }
}

/** An SSO case solved with the SAML fix, with the export card shown on `cardOn` (0: the problem, 1: the wrap-up). */
async function review(cardOn: 0 | 1, reaction?: FeedbackKind) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [
    samlEntry(),
    exportEntry({ sourceTicketIds: ['OLD-3', 'OLD-4'], observations: 2 })
  ])
  const reviewer = new CaseReviewer(knowledge, matcher, new Learner(knowledge, matcher, (t) => `kb-${t}`))
  const state = conversation('T-wrap')
  const problem = message(
    state,
    'customer',
    'Nobody can sign in with SSO, the SAML response signature validation failed.',
    0
  )
  message(
    state,
    'analyst',
    'Download the new SAML signing certificate from the identity provider. Upload it under Admin > Security > SSO and run Test connection.',
    5
  )
  const wrapUp = message(
    state,
    'customer',
    'Certificate uploaded, test connection passed. All good. Fixing our export job error handling too.',
    9
  )
  state.suggestions.push(card(state, cardOn === 0 ? problem : wrapUp, reaction))
  state.resolve(at(10))
  const outcomes = await reviewer.review(state, new Date(at(20)), defaultSettings().learning)
  return outcomes.filter((outcome) => outcome.entry.id === 'kb-export').map((outcome) => outcome.type)
}

describe('a card shown when the case was wrapping up', () => {
  it('neither confirms nor refutes its entry', async () => {
    expect(await review(1)).toEqual([])
  })

  it('while the same card shown on the problem is refuted by how the case was solved', async () => {
    expect(await review(0)).toEqual(['refuted'])
  })

  it("still counts the analyst's own verdict on it", async () => {
    expect(await review(1, 'dismissed')).toEqual(['refuted'])
  })
})
