import { describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import { differentScreens } from '../../../src/main/engine/learning/menuPaths'
import type { Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import { at, conversation, entry, message, openKnowledge } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('differentScreens', () => {
  it('tells resolutions that send the customer to other screens apart', () => {
    expect(
      differentScreens(
        'Open Admin > General > Workspace time zone.',
        'Open Report settings > Day boundaries.'
      )
    ).toBe(true)
    expect(
      differentScreens(
        'Open Settings > Custom domains and click Re-check.',
        'Click Re-check in Settings > Custom domains.'
      )
    ).toBe(false)
    // Without a menu path on both sides there is nothing to compare.
    expect(differentScreens('Open Admin > General.', 'Ask your admin to change the zone.')).toBe(false)
  })
})

describe('a case solved on other screens does not confirm the entry it was shown', () => {
  it('refutes a one-case entry whose words it shares but whose screens it does not, and learns the variant', async () => {
    const shown = entry({
      id: 'kb-zone',
      title: 'Daily report totals are shifted by one day',
      problem: 'Our daily tickets report puts evening tickets on the next day.',
      resolution: [
        'Reports group days by the workspace time zone, and it is still set to UTC.',
        'Open Admin > General > Workspace time zone and select your time zone.'
      ],
      sourceTicketIds: ['OLD-1']
    })
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [shown])
    const reviewer = new CaseReviewer(knowledge, matcher, new Learner(knowledge, matcher, (id) => `kb-${id}`))
    const state = conversation('T-report')
    message(state, 'customer', 'Our weekly tickets report puts Friday evening tickets on the next day.', 0)
    const suggestion: Suggestion = {
      id: 'T-report:s1',
      ticketId: 'T-report',
      team: 'cloud-support',
      kind: 'similar_case',
      title: shown.title,
      text: 'x',
      citations: [{ entryId: shown.id, title: shown.title, sourceTicketIds: ['OLD-1'], score: 0.3 }],
      confidence: 0.5,
      reason: 'x',
      triggerMessageId: null,
      createdAt: at(1),
      feedback: []
    }
    state.suggestions.push(suggestion)
    message(
      state,
      'analyst',
      'Reports group days by the workspace time zone unless the report overrides the time zone.\n' +
        "1. Open Report settings > Day boundaries and select Viewer's time zone.\n" +
        '2. Leave the workspace time zone as it is.',
      5
    )
    state.resolve(at(10))
    const outcomes = await reviewer.review(state, new Date(at(20)), defaultSettings().learning)
    expect(outcomes.map((outcome) => outcome.type).sort()).toEqual(['learned', 'refuted'])
    expect(knowledge.get('cloud-support', 'kb-zone')!.resolution.join(' ')).toContain('Workspace time zone')
    expect(knowledge.get('cloud-support', 'kb-T-report')!.resolution.join(' ')).toContain('Day boundaries')
  })
})
