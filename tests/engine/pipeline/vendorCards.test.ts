import { describe, expect, it } from 'vitest'
import { answerText } from '../../../src/main/engine/assist/knowledgeAnswer'
import { checkQuestion } from '../../../src/main/engine/assist/question'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Learner } from '../../../src/main/engine/learning/learner'
import { composeSuggestion, withNote } from '../../../src/main/engine/pipeline/composer'
import { shorterCause } from '../../../src/main/engine/learning/distill'
import { ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
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

const oktaEntry = (): KnowledgeEntry =>
  entry({
    id: 'kb-okta',
    title: 'Nobody can sign in through Okta SSO',
    problem: 'Okta sends us back and Nimbus shows SAML response signature validation failed (SSO-403).',
    resolution: [
      'Since the rotation Okta signs with a new key that Nimbus does not know yet, so every login is rejected.',
      'In Okta, open the Nimbus app > Sign On tab and download the new SAML signing certificate.',
      'In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.'
    ],
    sourceTicketIds: ['OLD-1', 'OLD-2'],
    observations: 2
  })

const ENTRA_PROBLEM =
  'Since lunchtime our users get an error after signing in with Microsoft: Invalid signature on SAML Response.'
const ENTRA_FIX =
  'Nimbus still has the old certificate on file, so the signature from the new one cannot be verified.\n' +
  '1. In Entra ID, open Enterprise applications > Nimbus > Single sign-on and download the new SAML signing certificate.\n' +
  '2. In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.'

const retrieved = (item: KnowledgeEntry): RetrievedEntry => ({
  entry: item,
  similarity: 0.4,
  rank: 0.4,
  share: 0.1,
  teamCases: 5,
  problemTerms: ['saml', 'signatur']
})

function compose(item: KnowledgeEntry, customerText: string) {
  const state = conversation('T-card')
  message(state, 'customer', customerText, 0)
  return composeSuggestion({
    state,
    chosen: retrieved(item),
    alsoRelevant: [],
    wakeReason: 'the customer reported an error or failure',
    matchReason: 'answerable',
    codes: [],
    triggerMessageId: null,
    now: new Date(at(1)),
    maxCitations: 3
  })
}

describe('vendors named in a text', () => {
  it('tells vendors of the same kind apart and leaves other kinds alone', () => {
    expect(vendorsIn('Okta rotated the cert; we also use Google Authenticator')).toEqual([
      'Google Authenticator',
      'Okta'
    ])
    expect(vendorDifference('In Okta, open the app', 'signing in with Microsoft')).toEqual({
      entry: ['Okta'],
      ticket: ['Microsoft Entra']
    })
    expect(vendorDifference('Check the Proofpoint quarantine', 'our Microsoft Defender policy')).toEqual({
      entry: ['Proofpoint'],
      ticket: ['Microsoft Defender']
    })
    expect(vendorDifference('In Okta, open the app', 'Okta login fails')).toBeNull()
    expect(vendorDifference('In Okta, open the app', 'our Mimecast holds mail')).toBeNull()
    expect(vendorDifference('In Okta, open the app', 'login fails')).toBeNull()
  })
})

describe("a card never presents one vendor's steps as the answer on a ticket about another", () => {
  it('shows an Okta entry confirmed on two cases as a similar case on a Microsoft ticket, saying the difference', () => {
    const card = compose(oktaEntry(), ENTRA_PROBLEM)
    expect(card.kind).toBe('similar_case')
    expect(card.title).toMatch(/^Similar past case/)
    expect(card.note).toMatch(
      /^(?:The steps are|Step 1 is) written for Okta; this ticket names Microsoft Entra\.$/
    )
  })

  it("never names the other vendor outside the note and its own steps: the cause is said by the vendor's kind", () => {
    const card = compose(oktaEntry(), ENTRA_PROBLEM)
    const note = card.note
    const body = card.text.split('\n')
    expect(note).toBe('Step 1 is written for Okta; this ticket names Microsoft Entra.')
    const explanation = body.filter((line) => !/^\d+\.\s/.test(line))
    // The entry's "Since the rotation" names no rotation the ticket told of: the card drops it (caseContext).
    expect(explanation).toEqual([
      'The identity provider signs with a new key that Nimbus does not know yet, so every login is rejected.'
    ])
    // The step the note names keeps its vendor: it is the other vendor's screen, said as such.
    expect(body).toContainEqual(expect.stringMatching(/^1\. In Okta, open the Nimbus app/))
    // On an Okta ticket the same line keeps its name.
    const okta = compose(oktaEntry(), 'Okta login fails with SAML response signature validation failed')
    expect(okta.text).toMatch(/^Okta signs with a new key/)
  })

  it('keeps it the answer on an Okta ticket', () => {
    const card = compose(oktaEntry(), 'Okta login fails with SAML response signature validation failed')
    expect(card.kind).toBe('answer')
    expect(card.text).not.toMatch(/this ticket names/)
  })

  it('says which vendor the steps are for when the ticket names none yet', () => {
    const card = compose(oktaEntry(), 'Nobody can sign in, SAML signature validation failed')
    expect(card.kind).toBe('answer')
    expect(card.note).toBe('Step 1 is written for Okta; check what this customer uses.')
  })
})

describe("learning keeps one vendor's case out of another vendor's entry", () => {
  async function review(item: KnowledgeEntry, problem: string, fix: string) {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [item])
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const reviewer = new CaseReviewer(knowledge, matcher, learner)
    const state = conversation('T-new')
    message(state, 'customer', problem, 0)
    const shown: Suggestion = {
      id: 'T-new:s1',
      ticketId: 'T-new',
      team: 'cloud-support',
      kind: 'answer',
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
    message(state, 'analyst', fix, 5)
    message(state, 'customer', 'Test connection passes, thanks!', 9)
    state.resolve(at(10))
    const outcomes = await reviewer.review(state, new Date(at(20)), defaultSettings().learning)
    return { outcomes, knowledge }
  }

  it('does not confirm an Okta entry with a Microsoft Entra case; the Entra case becomes its own entry', async () => {
    const { outcomes, knowledge } = await review(oktaEntry(), ENTRA_PROBLEM, ENTRA_FIX)
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['learned'])
    expect(knowledge.get('cloud-support', 'kb-okta')!.sourceTicketIds).toEqual(['OLD-1', 'OLD-2'])
    expect(knowledge.get('cloud-support', 'kb-T-new')!.resolution.join(' ')).toContain('Entra ID')
  })

  it('a correction takes the problem together with the steps, so the entry stays coherent', async () => {
    const weak = entry({
      id: 'kb-report',
      title: 'Daily report totals are shifted by one day',
      problem: 'Our daily tickets report puts Monday evening tickets on Tuesday. We are in Vancouver.',
      symptoms: ['Daily report shows Monday evening tickets on Tuesday'],
      resolution: ['Set Admin > General > Workspace time zone to America/Vancouver.'],
      sourceTicketIds: ['OLD-9'],
      // Failed before: only an entry no longer trusted is corrected in place (see entryRevisions).
      confidence: 0.4
    })
    const { outcomes, knowledge } = await review(
      weak,
      'Our weekly tickets report counts Friday evening tickets under Saturday for our Denver team.',
      'Open the report and choose Report settings > Day boundaries. Select Viewer time zone so every person sees days in their own time zone.'
    )
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['corrected'])
    const corrected = knowledge.get('cloud-support', 'kb-report')!
    expect(corrected.resolution.join(' ')).toContain('Day boundaries')
    expect(corrected.problem).toContain('weekly tickets report')
    expect(corrected.problem).not.toContain('Vancouver')
    expect(corrected.symptoms.join(' ')).not.toContain('Monday')
  })
})

describe('the pipeline prefers the entry for the vendor the ticket names', () => {
  it('cites the Entra entry, not the better-established Okta one, on a Microsoft ticket', async () => {
    const entra = entry({
      id: 'kb-entra',
      title: 'Microsoft SSO: Invalid signature on SAML Response',
      problem:
        'Users signing in with Microsoft get Invalid signature on SAML Response after a certificate renewal.',
      resolution: [
        'Nimbus still has the old certificate on file, so the signature from the new one cannot be verified.',
        'In Entra ID, open Enterprise applications > Nimbus > Single sign-on and download the new certificate.',
        'In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.'
      ],
      sourceTicketIds: ['OLD-5']
    })
    // Established on three cases, the Okta entry would otherwise go before a single unconfirmed one.
    const okta = { ...oktaEntry(), sourceTicketIds: ['OLD-1', 'OLD-2', 'OLD-3'], observations: 3 }
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [okta, entra])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const state = conversation('T-ms')
    const trigger = message(state, 'customer', `${ENTRA_PROBLEM} Nobody can sign in.`, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome !== 'suggest') return
    expect(decision.suggestion.citations[0]!.entryId).toBe('kb-entra')
    expect(decision.suggestion.text).not.toMatch(/this ticket names/)
  })
})

describe('Ask without a model says so too', () => {
  it("prefixes another vendor's steps with the difference", () => {
    const state = conversation('T-ask')
    message(state, 'customer', ENTRA_PROBLEM, 0)
    const match = { entry: oktaEntry(), similarity: 0.4, score: 0.4, sharedWords: ['certificate'] }
    const text = answerText(checkQuestion('How do we replace the certificate?'), [match], state)
    expect(text.split('\n')[1]).toMatch(
      /^(?:The steps are|Step 1 is) written for Okta; this ticket names Microsoft Entra\.$/
    )
  })
})

describe('a vendor note within the card length', () => {
  const note = 'The steps are written for Okta; this ticket names Microsoft Entra.'
  const steps = [
    'Okta signs with a new key since the rotation, so every login is rejected.',
    ...[1, 2, 3, 4, 5].map(
      (n) =>
        `${n}. ${'A step with enough words to take up room on the card, as real steps do. '.repeat(2).trim()}`
    )
  ].join('\n')

  it('keeps the whole card under 600 characters, the last steps giving way, and says more steps exist', () => {
    const text = withNote(note, steps)
    expect(text.length).toBeLessThanOrEqual(600)
    expect(text.startsWith(note)).toBe(true)
    expect(text).toContain('Okta signs with a new key')
    expect(text.endsWith('(More steps in the full entry.)')).toBe(true)
  })

  it('says a long cause shorter before any step gives way, never cutting it on an open clause', () => {
    // A note long enough that the whole cause no longer fits beside the steps.
    const authNote =
      'The steps are written for Google Authenticator on Android; this ticket names Authy on iOS (an iPhone 12 ' +
      'mini).'
    const cause =
      "Authenticator codes are computed from the current time, so if the phone's clock is off by more than about " +
      '30-60 seconds, the codes it shows no longer match what we expect, even though they look perfectly normal.'
    const actions = [
      '1. On the phone, open Settings > Date & time and turn on "Set automatically" / "Automatic date & time" (network-provided time).',
      '2. In Google Authenticator (Android) open the menu > Settings > Time correction for codes > Sync now.',
      '3. Wait for a fresh code to appear and enter it straight away.'
    ]
    const text = withNote(authNote, [cause, ...actions].join('\n'))
    expect(text.length).toBeLessThanOrEqual(600)
    expect(text.split('\n')).toEqual([
      authNote,
      "Authenticator codes are computed from the current time, so if the phone's clock is off by more than about " +
        '30-60 seconds, the codes it shows no longer match what we expect.',
      ...actions
    ])
    // With less room, the cause keeps its first whole clause rather than end on "so if the phone's clock is off".
    expect(shorterCause(cause, 120)).toBe('Authenticator codes are computed from the current time.')
  })

  it('leaves a short card whole', () => {
    expect(withNote(note, '1. Replace the certificate.')).toBe(`${note}\n1. Replace the certificate.`)
  })
})
