/**
 * Platforms are handled like vendors: steps written on an iPhone are a precedent, never the answer, on a ticket about
 * an Android phone (and Windows steps on a Mac ticket), and a card whose ticket has not named its platform yet says
 * which one the steps were written for.
 */
import { describe, expect, it } from 'vitest'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import { composeSuggestion } from '../../../src/main/engine/pipeline/composer'
import { answerability, ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
import { buildQuery } from '../../../src/main/engine/pipeline/queryBuilder'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import type { RetrievedEntry } from '../../../src/main/engine/retrieval/retriever'
import { vendorDifference, vendorsIn } from '../../../src/main/engine/text/vendors'
import type { KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import {
  at,
  conversation,
  entry,
  message,
  openKnowledge,
  pipelineSettings
} from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** An authenticator case solved on an iPhone with Authy, confirmed on two cases. */
const iphoneEntry = (): KnowledgeEntry =>
  entry({
    id: 'kb-iphone',
    title: 'Authenticator codes not accepted after phone restore',
    problem:
      'The 6-digit code from Authy gets refused with "The code you entered is incorrect or has expired".',
    resolution: [
      'Two-factor codes depend on the time, so a clock more than about a minute off produces stale codes.',
      'iPhone Settings > General > Date & Time, switch on "Set Automatically".',
      'Close Authy completely and reopen it so it generates codes with the corrected time.'
    ],
    sourceTicketIds: ['OLD-1', 'OLD-2'],
    observations: 2
  })

const macEntry = (): KnowledgeEntry =>
  entry({
    id: 'kb-mac',
    title: 'Desktop app does not start after update',
    problem: 'The Nimbus desktop app closes right after launch since the update.',
    resolution: [
      'The update leaves an old cache behind that the new version cannot read.',
      'On the Mac, quit Nimbus and delete ~/Library/Caches/Nimbus, then open the app again.'
    ],
    sourceTicketIds: ['OLD-3', 'OLD-4'],
    observations: 2
  })

function card(item: KnowledgeEntry, customerText: string) {
  const state = conversation('T-card')
  message(state, 'customer', customerText, 0)
  const chosen: RetrievedEntry = {
    entry: item,
    similarity: 0.4,
    rank: 0.4,
    share: 0.1,
    teamCases: 5,
    problemTerms: ['authenticator', 'code']
  }
  return composeSuggestion({
    state,
    chosen,
    alsoRelevant: [],
    wakeReason: 'the customer reported an error or failure',
    matchReason: 'close match',
    codes: [],
    triggerMessageId: null,
    now: new Date(at(1)),
    maxCitations: 3
  })
}

describe('platforms named in a text', () => {
  it('knows phone and desktop platforms, and not the everyday words that look like them', () => {
    expect(vendorsIn('On my Samsung the app is fine, on the iPad it is not')).toEqual(['Android', 'iOS'])
    expect(vendorsIn('Windows 11 laptop and a MacBook Pro')).toEqual(['Windows', 'macOS'])
    expect(vendorsIn('close all the windows and check the MAC address')).toEqual([])
  })

  it('tells platforms of the same kind apart and leaves other kinds alone', () => {
    expect(vendorDifference('iPhone Settings > General', 'my Android phone')).toEqual({
      entry: ['iOS'],
      ticket: ['Android']
    })
    expect(vendorDifference('On Windows open the Control Panel', 'I am on macOS Sonoma')).toEqual({
      entry: ['Windows'],
      ticket: ['macOS']
    })
    expect(vendorDifference('iPhone Settings > General', 'my Windows laptop')).toBeNull()
  })
})

describe('a card about one platform on a ticket about another', () => {
  it('is a similar case that says the platform difference first, not the answer', () => {
    const text = card(iphoneEntry(), 'My Android phone shows codes that Nimbus refuses.')
    expect(text.kind).toBe('similar_case')
    expect(text.note).toBe('The steps are written for Authy on iOS; this ticket names Android.')
  })

  it("says which steps are the other app's own when only some are, and promises no equivalent for them", () => {
    const steps = iphoneEntry()
    steps.resolution = [
      'Two-factor codes depend on the time, so a clock more than about a minute off produces stale codes.',
      'On the phone, turn on automatic date and time.',
      'In Authy (iPhone), open Settings > Accounts and tap Sync.',
      'Enter the newest code right after it appears.'
    ]
    const text = card(steps, 'My Android phone shows Google Authenticator codes that Nimbus refuses.')
    expect(text.note).toBe(
      'Step 2 is written for Authy on iOS; this ticket names Google Authenticator on Android.'
    )
  })

  it('names the platform with the app when the ticket names only another app (Google Authenticator, no phone yet)', () => {
    const text = card(iphoneEntry(), 'My TOTP codes from Google Authenticator are refused.')
    expect(text.kind).toBe('similar_case')
    expect(text.note).toBe('The steps are written for Authy on iOS; this ticket names Google Authenticator.')
  })

  it('says which platform the steps are for when the ticket names the same app but no platform', () => {
    const text = card(iphoneEntry(), 'My Authy codes are refused.')
    expect(text.kind).toBe('answer')
    expect(text.note).toBe('Step 1 is written for iOS; check what this customer uses.')
  })

  it('keeps Mac steps off a Windows ticket as the answer', () => {
    const text = card(macEntry(), 'The desktop app closes right after launch on my Windows laptop.')
    expect(text.kind).toBe('similar_case')
    expect(text.note).toMatch(/^The steps are written for macOS; this ticket names Windows/)
  })
})

describe('learning keeps a case solved on another platform out of a platform-specific entry', () => {
  it('neither confirms nor merges into the Mac entry a case fixed on Windows; it becomes its own entry', async () => {
    const item = macEntry()
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [item])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const reviewer = new CaseReviewer(knowledge, matcher, learner)
    const state = conversation('T-windows')
    message(
      state,
      'customer',
      'The Nimbus desktop app closes right after launch since the update, on Windows.',
      0
    )
    const shown: Suggestion = {
      id: 'T-windows:s1',
      ticketId: 'T-windows',
      team: 'cloud-support',
      kind: 'similar_case',
      title: item.title,
      text: 'x',
      citations: [{ entryId: item.id, title: item.title, sourceTicketIds: item.sourceTicketIds, score: 0.4 }],
      confidence: 0.5,
      reason: 'x',
      triggerMessageId: null,
      createdAt: at(1),
      feedback: []
    }
    state.suggestions.push(shown)
    message(
      state,
      'analyst',
      'The update leaves an old cache behind that the new version cannot read.\n' +
        '1. Quit Nimbus and delete %LOCALAPPDATA%\\Nimbus\\Cache, then open the app again.',
      5
    )
    message(state, 'customer', 'Works now, thanks!', 9)
    state.resolve(at(10))
    const outcomes = await reviewer.review(state, new Date(at(20)), defaultSettings().learning)
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['learned'])
    expect(knowledge.get('cloud-support', 'kb-mac')!.sourceTicketIds).toEqual(['OLD-3', 'OLD-4'])
    expect(knowledge.get('cloud-support', 'kb-T-windows')!.resolution.join(' ')).toContain('LOCALAPPDATA')
  })
})

describe('the pipeline prefers a fair match for the app the ticket names over a closer one for another app', () => {
  it('shows the Google Authenticator case, not the Authy one, on a Google Authenticator ticket, and cites only it', async () => {
    const authy = { ...iphoneEntry(), sourceTicketIds: ['OLD-1'], observations: 1 }
    const google = entry({
      id: 'kb-google',
      title: 'Two-factor code is always rejected',
      problem:
        'After my password Nimbus asks for the 6-digit code and every time I get "Invalid verification code". ' +
        'I tried fresh codes from Google Authenticator many times. I got back from Singapore on Monday and set ' +
        'the time manually there because it would not update.',
      resolution: [
        'Authenticator codes are computed from the current time, so a phone clock that is off produces codes we reject.',
        'On the phone, open Settings > Date & time and turn on "Set automatically".',
        'In Google Authenticator open the menu > Settings > Time correction for codes > Sync now.'
      ],
      sourceTicketIds: ['OLD-6']
    })
    const others = [
      entry({
        id: 'kb-export',
        title: 'CSV export fails with 504 Gateway Timeout',
        problem: 'Clicking Download CSV on the Activity page shows 504 Gateway Timeout after a minute.',
        resolution: ['Go to Data > Exports and click New export.']
      }),
      entry({
        id: 'kb-webhook',
        title: 'Webhook signature invalid since yesterday',
        problem: 'Our endpoint rejects every Nimbus webhook event: signature mismatch.',
        resolution: ['In Nimbus go to Settings > Webhooks and click Reveal secret.']
      })
    ]
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [authy, google, ...others])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const state = conversation('T-totp')
    const trigger = message(
      state,
      'customer',
      'Locked out: Google Authenticator TOTP gets refused with "The code you entered is incorrect or has expired".',
      0
    )
    const settings = pipelineSettings()
    const decision = await pipeline.run({ state, trigger, now: new Date(at(0)), settings })
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome !== 'suggest') return
    expect(decision.suggestion.citations.map((citation) => citation.entryId)).toEqual(['kb-google'])
    expect(decision.suggestion.text.split('\n')[0]).not.toMatch(/this ticket names/)
    // The Google Authenticator entry is not answerable on its own here: it stands in for the Authy one.
    const results = await new Retriever(knowledge, matcher).retrieve({
      team: 'cloud-support',
      ...buildQuery(state, trigger)
    })
    const googleResult = results.find((result) => result.entry.id === 'kb-google')!
    expect(answerability(googleResult, settings)).toBeNull()
    expect(answerability(results.find((result) => result.entry.id === 'kb-iphone')!, settings)).not.toBeNull()
  })
})
