import { describe, expect, it } from 'vitest'
import { ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import { WordingModel } from '../../../src/main/engine/retrieval/wordingModel'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import {
  at,
  conversation,
  entry,
  exportEntry,
  message,
  openKnowledge,
  pipelineSettings,
  samlEntry
} from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

async function pipelineWith(entries: KnowledgeEntry[]) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), entries)
  return { pipeline: new ProactivePipeline(new Retriever(knowledge, matcher)), knowledge }
}

const SAML_QUESTION =
  'Nobody can log in through SSO since 8am, we get "SAML response signature validation failed" (request 9f8e7d6c5b4a3f2e1d0c). Any idea?'

/** The SAML question, its card kept on the ticket, then the customer's follow-up past the cooldown. */
async function afterASamlCard(pipeline: ProactivePipeline, followUp: string) {
  const state = conversation()
  const settings = pipelineSettings()
  const first = await pipeline.run({
    state,
    trigger: message(state, 'customer', SAML_QUESTION, 0),
    now: new Date(at(0)),
    settings
  })
  if (first.outcome === 'suggest') state.suggestions.push(first.suggestion)
  const later = await pipeline.run({
    state,
    trigger: message(state, 'customer', followUp, 60),
    now: new Date(at(60 + settings.cooldownSeconds)),
    settings
  })
  return { first, later }
}

describe('ProactivePipeline (retrieval only)', () => {
  it('suggests a cited answer, with why it was shown, when knowledge matches', async () => {
    const { pipeline } = await pipelineWith([samlEntry(), exportEntry()])
    const state = conversation()
    const trigger = message(state, 'customer', SAML_QUESTION, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome !== 'suggest') return
    const { suggestion } = decision
    expect(suggestion.kind).toBe('answer')
    expect(suggestion.citations[0]).toMatchObject({ entryId: 'kb-saml', sourceTicketIds: ['OLD-1', 'OLD-2'] })
    // Other entries may follow as related citations; the text always comes from the first.
    expect(suggestion.citations.length).toBeLessThanOrEqual(3)
    expect(suggestion.text).toContain('SAML signing certificate')
    expect(suggestion.reason).toMatch(/customer .*SSO login fails/i)
    expect(suggestion.triggerMessageId).toBe(trigger.id)
  })

  it('offers a single precedent as a similar past case', async () => {
    const { pipeline } = await pipelineWith([samlEntry({ sourceTicketIds: ['OLD-7'] })])
    const state = conversation()
    const trigger = message(state, 'customer', SAML_QUESTION, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome === 'suggest' && decision.suggestion.kind).toBe('similar_case')
    expect(decision.outcome === 'suggest' && decision.suggestion.title).toContain('OLD-7')
  })

  it('stays silent below the answerability threshold', async () => {
    const { pipeline } = await pipelineWith([samlEntry()])
    const state = conversation()
    const trigger = message(state, 'customer', 'My invoice shows the wrong VAT number, can you fix it?', 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision).toMatchObject({ outcome: 'silent' })
    expect(decision.outcome === 'silent' && ['retrieve', 'answerability']).toContain(
      decision.outcome === 'silent' && decision.stage
    )
  })

  it('never shows the same entry twice on a ticket and keeps a cooldown', async () => {
    const { pipeline } = await pipelineWith([samlEntry()])
    const state = conversation()
    const settings = { ...pipelineSettings(), cooldownSeconds: 120 }
    const first = await pipeline.run({
      state,
      trigger: message(state, 'customer', SAML_QUESTION, 0),
      now: new Date(at(0)),
      settings
    })
    if (first.outcome !== 'suggest') throw new Error('expected a suggestion')
    state.suggestions.push(first.suggestion)

    const soon = await pipeline.run({
      state,
      trigger: message(state, 'customer', 'Still failing: SAML signature invalid. What now?', 1),
      now: new Date(at(1)),
      settings
    })
    expect(soon).toMatchObject({ outcome: 'silent', stage: 'cooldown' })

    const later = await pipeline.run({
      state,
      trigger: message(state, 'customer', 'SSO still fails with the SAML signature error, why?', 10),
      now: new Date(at(10)),
      settings
    })
    expect(later).toMatchObject({ outcome: 'silent', stage: 'retrieve' })
  })

  it('suppresses a suggestion too similar to one already shown', async () => {
    const twin = samlEntry({ id: 'kb-saml-copy', sourceTicketIds: ['OLD-9', 'OLD-10'] })
    const { pipeline } = await pipelineWith([samlEntry(), twin])
    const state = conversation()
    const settings = { ...pipelineSettings(), cooldownSeconds: 0 }
    const first = await pipeline.run({
      state,
      trigger: message(state, 'customer', SAML_QUESTION, 0),
      now: new Date(at(0)),
      settings
    })
    if (first.outcome !== 'suggest') throw new Error('expected a suggestion')
    // Only the first cited entry counts as shown here, so the twin is still a candidate.
    state.suggestions.push({ ...first.suggestion, citations: first.suggestion.citations.slice(0, 1) })
    const second = await pipeline.run({
      state,
      trigger: message(state, 'customer', 'Why does SAML signature validation still fail?', 5),
      now: new Date(at(5)),
      settings
    })
    expect(second).toMatchObject({ outcome: 'silent', stage: 'dedupe' })
  })

  it('ranks an entry down after dislikes so a liked alternative wins', async () => {
    const liked = samlEntry({
      id: 'kb-liked',
      counters: { shown: 6, adopted: 3, liked: 3, disliked: 0, dismissed: 0 }
    })
    const disliked = samlEntry({
      id: 'kb-disliked',
      counters: { shown: 6, adopted: 0, liked: 0, disliked: 4, dismissed: 2 }
    })
    const { pipeline } = await pipelineWith([disliked, liked])
    const state = conversation()
    const trigger = message(state, 'customer', SAML_QUESTION, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome === 'suggest' && decision.suggestion.citations[0]?.entryId).toBe('kb-liked')
  })

  it('shows a confirmed entry at a lower similarity than a single precedent', async () => {
    const weak = 'SSO fails since this morning, what happened?'
    const single = await pipelineWith([samlEntry({ sourceTicketIds: ['OLD-1'] })])
    const confirmed = await pipelineWith([samlEntry({ sourceTicketIds: ['OLD-1', 'OLD-2'] })])
    const settings = {
      ...pipelineSettings(),
      answerThreshold: 0.9,
      confirmedThreshold: 0.05,
      dominantShare: 1
    }
    const run = async (pipeline: ProactivePipeline) => {
      const state = conversation()
      return pipeline.run({
        state,
        trigger: message(state, 'customer', weak, 0),
        now: new Date(at(0)),
        settings
      })
    }
    expect(await run(single.pipeline)).toMatchObject({ outcome: 'silent', stage: 'answerability' })
    const decision = await run(confirmed.pipeline)
    expect(decision.outcome).toBe('suggest')
  })

  it("shows the team's common answer when the conversation is about its problem, not on one shared word", async () => {
    const common = exportEntry({ id: 'kb-common', sourceTicketIds: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] })
    const others = ['x1', 'x2', 'x3', 'x4'].map((id) =>
      entry({ id, title: `Unrelated ${id}`, problem: `Billing address change ${id}`, sourceTicketIds: [id] })
    )
    const { pipeline } = await pipelineWith([common, ...others])
    const settings = { ...pipelineSettings(), answerThreshold: 0.9, confirmedThreshold: 0.9 }
    const run = async (id: string, text: string, overrides = {}) => {
      const state = conversation(id)
      return pipeline.run({
        state,
        trigger: message(state, 'customer', text, 0),
        now: new Date(at(0)),
        settings: { ...settings, ...overrides }
      })
    }
    const about = await run('NEW-1', 'Why does my activity export look wrong today?')
    expect(about.outcome === 'suggest' && about.suggestion.citations[0]?.entryId).toBe('kb-common')
    expect(about.outcome === 'suggest' && about.suggestion.reason).toMatch(
      /most common fix \(8 of 12 cases\)/
    )
    // One shared word ("records") with the entry is not its problem.
    expect(await run('NEW-2', 'Where do I see the records of my invoices?')).toMatchObject({
      outcome: 'silent',
      stage: 'answerability'
    })
    // The same rule stays quiet when the share is under the setting.
    expect(
      await run('NEW-3', 'Why does my activity export look wrong today?', { dominantShare: 0.9 })
    ).toMatchObject({
      outcome: 'silent',
      stage: 'answerability'
    })
  })

  it('cites only entries answerable on their own, and says why in words, never as a percentage', async () => {
    const { pipeline } = await pipelineWith([samlEntry(), exportEntry()])
    const state = conversation()
    const trigger = message(state, 'customer', SAML_QUESTION, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome !== 'suggest') return
    expect(decision.suggestion.citations.map((citation) => citation.entryId)).toEqual(['kb-saml'])
    expect(decision.suggestion.citations[0]!.relevance).toMatch(/matches the symptom .*confirmed on 2 cases/)
    expect(decision.suggestion.reason).not.toMatch(/%/)
    // The card is distilled; the entry's full steps travel with its citation.
    expect(decision.suggestion.citations[0]!.steps).toEqual(samlEntry().resolution)
  })

  it('never shows an entry about another error code than the customer quoted', async () => {
    const rateLimit = entry({
      id: 'kb-429',
      title: 'Sync job failing with HTTP 429 Too Many Requests',
      problem: 'Our sync job gets 429 Too Many Requests from the API after a few seconds.',
      resolution: ['Use the bulk endpoint and honour Retry-After.'],
      sourceTicketIds: ['A', 'B', 'C'],
      subjects: ['HTTP 429']
    })
    const { pipeline } = await pipelineWith([rateLimit])
    const state = conversation()
    const trigger = message(
      state,
      'customer',
      'Our sync job fails with 400 Bad Request from the API after a few pages.',
      0
    )
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision).toMatchObject({ outcome: 'silent', stage: 'answerability' })
  })

  it('shows a single earlier case when the customer quotes its error code in other words, not a vague status', async () => {
    const rateLimit = entry({
      id: 'kb-429',
      title: 'Nightly sync job failing with HTTP 429',
      problem:
        'Our nightly job pushing records into the API fails: POST /v2/records -> 429 Too Many Requests.',
      resolution: ['Use the bulk endpoint, POST /v2/records/bulk, and honour Retry-After.'],
      sourceTicketIds: ['A'],
      subjects: ['HTTP 429']
    })
    const run = async (text: string) => {
      const { pipeline } = await pipelineWith([rateLimit, exportEntry()])
      const state = conversation()
      const trigger = message(state, 'customer', text, 0)
      return pipeline.run({ state, trigger, now: new Date(at(0)), settings: pipelineSettings() })
    }
    // No "429" in it: the reason phrase names the same status, and the conversation shares the problem's words.
    const decision = await run(
      'Our import script pushing contacts into the API gets {"error":"rate_limited","message":"Too Many Requests"} and skips thousands of records.'
    )
    expect(decision).toMatchObject({ outcome: 'suggest' })
    expect(decision.outcome === 'suggest' && decision.suggestion.reason).toContain('the error code HTTP 429')
  })

  it('does not add a near-impossible runner-up after a card on the same ticket', async () => {
    // The team's SAML cases make the first entry the answer; a one-case entry about another cause shares the
    // symptom's words (a close match by wording) but the team's cases make it near impossible here.
    const saml = samlEntry({ sourceTicketIds: ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] })
    const expired = entry({
      id: 'kb-expired',
      title: 'SSO error for everyone whose session expired',
      problem: 'Nobody can log in through SSO, we get "SAML response signature validation failed".',
      symptoms: ['SAML response signature validation failed for everyone'],
      resolution: ['Clear the browser cookies and sign in again.'],
      sourceTicketIds: ['E1']
    })
    const others = Array.from({ length: 12 }, (_, i) =>
      exportEntry({ id: `kb-export-${i}`, sourceTicketIds: [`X${i}`] })
    )
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [saml, expired, ...others])
    const model = new WordingModel()
    for (let round = 0; round < 6; round++) {
      const text = 'SAML response signature validation failed since the IdP rotated its certificate'
      model.evidence.observe('cloud-support', 'kb-saml', tokenize(text), round === 0)
    }
    model.evidence.observe('cloud-support', 'kb-expired', tokenize('session expired, cookies stale'), true)
    others.forEach((other, i) =>
      model.evidence.observe('cloud-support', other.id, tokenize(`csv export timeout ${i}`), true)
    )
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher, model))
    const { first, later } = await afterASamlCard(
      pipeline,
      'Still "SAML response signature validation failed" for everyone.'
    )
    expect(first).toMatchObject({ outcome: 'suggest' })
    expect(later).toMatchObject({ outcome: 'silent' })
  })

  it('still offers a card for a second problem the customer raises on the same ticket', async () => {
    const { pipeline } = await pipelineWith([samlEntry(), exportEntry()])
    const { later } = await afterASamlCard(
      pipeline,
      'Also the CSV export of the activity data times out, is that related?'
    )
    expect(later).toMatchObject({ outcome: 'suggest' })
  })

  it('only searches the ticket team knowledge', async () => {
    const { pipeline } = await pipelineWith([samlEntry({ team: 'billing' })])
    const state = conversation()
    const trigger = message(state, 'customer', SAML_QUESTION, 0)
    const decision = await pipeline.run({
      state,
      trigger,
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision).toMatchObject({ outcome: 'silent', stage: 'retrieve' })
  })
})
