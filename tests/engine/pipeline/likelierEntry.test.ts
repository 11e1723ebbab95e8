import { describe, expect, it } from 'vitest'
import { ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
import type { RetrievedEntry, Retriever } from '../../../src/main/engine/retrieval/retriever'
import {
  at,
  conversation,
  entry,
  exportEntry,
  message,
  pipelineSettings
} from '../../helpers/knowledgeFixtures'

/**
 * A close match by its words (similarity 0.5, two cases) whose posterior from the team's cases is `probability`
 * (naive Bayes) and `complement` (complement naive Bayes; default: the same).
 */
const closeMatch = (probability: number, complement = probability): RetrievedEntry => ({
  entry: entry({
    id: 'kb-billing',
    title: 'Invoice address wrong',
    problem: 'The invoice shows an old billing address.',
    sourceTicketIds: ['B1', 'B2']
  }),
  similarity: 0.5,
  rank: 0.5,
  share: 0.1,
  teamCases: 20,
  problemTerms: ['invoic', 'billing', 'address'],
  posterior: { probability, logLikelihoodRatio: 0.5, complement }
})

/** Another of the team's entries, matching the words weakly (never shown itself) at posterior `probability`. */
const other = (
  probability: number,
  resolution = ['Use the asynchronous export under Data > Exports.'],
  complement = probability
) => ({
  entry: exportEntry({ id: 'kb-export', sourceTicketIds: ['E1', 'E2', 'E3'], resolution }),
  similarity: 0.02,
  rank: 0.02,
  share: 0.1,
  teamCases: 20,
  problemTerms: [],
  posterior: { probability, logLikelihoodRatio: -0.5, complement }
})

async function run(results: RetrievedEntry[], text = 'The invoice still shows our old billing address') {
  const retriever = {
    retrieve: async () => results,
    withDistilledTerms: (result: RetrievedEntry) => result
  } as unknown as Retriever
  const state = conversation()
  return new ProactivePipeline(retriever).run({
    state,
    trigger: message(state, 'customer', text, 0),
    now: new Date(at(0)),
    settings: pipelineSettings()
  })
}

describe('a card the team’s cases make improbable while another entry is likelier', () => {
  it('is not shown: the first citation would more often be wrong than right', async () => {
    const decision = await run([closeMatch(0.03), other(0.4)])
    expect(decision).toMatchObject({ outcome: 'silent', stage: 'answerability' })
    if (decision.outcome === 'silent') expect(decision.reason).toMatch(/improbable here.*is likelier/)
  })

  it('is judged on the naive Bayes posterior, not the complement one (which leans toward entries with many cases)', async () => {
    // The complement posterior alone would make the export entry likelier; the naive Bayes one does not.
    const decision = await run([closeMatch(0.05, 0.03), other(0.02, undefined, 0.4)])
    expect(decision).toMatchObject({ outcome: 'suggest', suggestion: { confidence: 0.03 } })
    expect(await run([closeMatch(0.03, 0.05), other(0.4, undefined, 0.02)])).toMatchObject({
      outcome: 'silent'
    })
  })

  it('is shown when it is the likeliest of the team’s entries, however small its posterior', async () => {
    const decision = await run([closeMatch(0.03), other(0.02)])
    expect(decision.outcome).toBe('suggest')
    if (decision.outcome === 'suggest') expect(decision.suggestion.citations[0]?.entryId).toBe('kb-billing')
  })

  it('is shown when its own posterior is not small (0.1 or more), even with a likelier entry', async () => {
    expect((await run([closeMatch(0.15), other(0.4)])).outcome).toBe('suggest')
  })

  it('is shown when the likelier entry is written for another vendor than the ticket names', async () => {
    const okta = other(0.4, ['In Okta, open the Sign On tab and upload the new certificate.'])
    const decision = await run(
      [closeMatch(0.03), okta],
      'We use OneLogin and the invoice still shows our old billing address'
    )
    expect(decision.outcome).toBe('suggest')
  })
})
