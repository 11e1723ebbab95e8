/** Item 6a: a ticket that resolves more than once counts once for (or against) the knowledge it touched. */
import { describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import type { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import type { FeedbackKind, KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, message, openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const learning = () => defaultSettings().learning

const SAML_PROBLEM = 'Nobody can sign in with SSO, the SAML response signature validation failed.'
const SAML_FIX =
  'Download the new SAML signing certificate from the identity provider. Upload it under Admin > Security > SSO.'
const OTHER_FIX = 'Please clear the browser cache and cookies, then restart the laptop and try once more.'

async function setup(entries: KnowledgeEntry[]) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), entries)
  const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
  return { knowledge, reviewer: new CaseReviewer(knowledge, matcher, learner) }
}

function shown(state: ConversationState, entryId: string, reaction?: FeedbackKind): Suggestion {
  const id = `${state.ticket.id}:s${state.suggestions.length + 1}`
  const suggestion: Suggestion = {
    id,
    ticketId: state.ticket.id,
    team: state.ticket.team,
    kind: 'answer',
    title: 'x',
    text: 'x',
    citations: [{ entryId, title: 'x', sourceTicketIds: ['OLD-1'], score: 0.5 }],
    confidence: 0.5,
    reason: 'x',
    triggerMessageId: null,
    createdAt: at(1),
    feedback: reaction ? [{ suggestionId: id, kind: reaction, at: at(2) }] : []
  }
  state.suggestions.push(suggestion)
  return suggestion
}

/** The same ticket resolved, written to again, and resolved again (the watcher keeps its whole history). */
function resolveAgain(state: ConversationState, fix: string): void {
  message(state, 'customer', 'It happened again this morning, same SAML error.', 30)
  message(state, 'analyst', fix, 35)
  state.resolve(at(40))
}

describe('evidence from one ticket counts once', () => {
  it('a confirmed entry gains one observation and one confidence step, however often the ticket resolves', async () => {
    const { knowledge, reviewer } = await setup([samlEntry({ sourceTicketIds: ['OLD-1'] })])
    const state = conversation('T-1')
    message(state, 'customer', SAML_PROBLEM, 0)
    shown(state, 'kb-saml', 'adopted')
    message(state, 'analyst', SAML_FIX, 5)
    state.resolve(at(10))
    await reviewer.review(state, new Date(at(11)), learning())
    const once = knowledge.get('cloud-support', 'kb-saml')!
    expect(once).toMatchObject({ observations: 2, sourceTicketIds: ['OLD-1', 'T-1'] })

    resolveAgain(state, SAML_FIX)
    await reviewer.review(state, new Date(at(41)), learning())
    resolveAgain(state, SAML_FIX)
    await reviewer.review(state, new Date(at(61)), learning())
    const after = knowledge.get('cloud-support', 'kb-saml')!
    expect(after.observations).toBe(2)
    expect(after.confidence).toBe(once.confidence)
    expect(after.sourceTicketIds).toEqual(['OLD-1', 'T-1'])
    expect(knowledge.entries('cloud-support').map((entry) => entry.id)).toEqual(['kb-saml'])
  })

  it('a refuted entry loses confidence once for the ticket', async () => {
    const established = samlEntry({ sourceTicketIds: ['OLD-1', 'OLD-2', 'OLD-3'], confidence: 0.8 })
    const { knowledge, reviewer } = await setup([established])
    const state = conversation('T-2')
    message(state, 'customer', SAML_PROBLEM, 0)
    shown(state, 'kb-saml', 'disliked')
    message(state, 'analyst', OTHER_FIX, 5)
    state.resolve(at(10))
    await reviewer.review(state, new Date(at(11)), learning())
    const once = knowledge.get('cloud-support', 'kb-saml')!
    expect(once.confidence).toBeLessThan(0.8)

    resolveAgain(state, OTHER_FIX)
    await reviewer.review(state, new Date(at(41)), learning())
    expect(knowledge.get('cloud-support', 'kb-saml')!.confidence).toBe(once.confidence)
  })

  it('an entry learned from the ticket and then shown on it is not confirmed by its own ticket', async () => {
    const { knowledge, reviewer } = await setup([])
    const state = conversation('T-3')
    message(state, 'customer', SAML_PROBLEM, 0)
    message(state, 'analyst', SAML_FIX, 5)
    state.resolve(at(10))
    const [learned] = await reviewer.review(state, new Date(at(11)), learning())
    expect(learned).toMatchObject({ type: 'learned', entry: { id: 'kb-T-3', observations: 1 } })
    const confidence = knowledge.get('cloud-support', 'kb-T-3')!.confidence

    // The customer writes again; Vigil shows the entry this ticket taught it; the analysts resolve it again.
    shown(state, 'kb-T-3', 'liked')
    resolveAgain(state, SAML_FIX)
    await reviewer.review(state, new Date(at(41)), learning())
    const after = knowledge.get('cloud-support', 'kb-T-3')!
    expect(after).toMatchObject({ observations: 1, sourceTicketIds: ['T-3'] })
    expect(after.confidence).toBe(confidence)
    expect(knowledge.entries('cloud-support')).toHaveLength(1)
  })
})
