/**
 * A card's reason names the words of the problem the conversation and the entry share, from the whole conversation:
 * the entry's distilled problem (its title, what its cases' customers had in common) before one customer's asides,
 * and never a word the conversation rules out ("NTP is fine"). The demo's second pass, where a case meets the entry
 * learned from itself, named "excerpt", "lunchtime" and "ntp".
 */
import { describe, expect, it } from 'vitest'
import { ProactivePipeline } from '../../../src/main/engine/pipeline/pipeline'
import { conversationWords } from '../../../src/main/engine/pipeline/queryBuilder'
import { relevanceOf } from '../../../src/main/engine/pipeline/relevance'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { Retriever, type RetrievedEntry } from '../../../src/main/engine/retrieval/retriever'
import { stem, tokenize } from '../../../src/main/engine/text/tokenize'
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

const SKEW =
  'Since Monday our webhook receiver answers every delivery with 401 "invalid signature". We suspected clock skew ' +
  'because the header contains a timestamp, but NTP is fine on all our hosts.'

/** A webhook entry learned from two cases; the second customer's own words are in its symptoms. */
const webhook = entry({
  id: 'kb-webhook',
  title: 'Webhook signature invalid',
  problem: 'Our webhook consumer rejects every delivery: the signature header does not match the body.',
  symptoms: [
    'Our webhook consumer rejects every delivery: the signature header does not match the body.',
    SKEW
  ],
  resolution: [
    'The signing secret was rotated and the receiver still computes the HMAC with the old one.',
    'Copy the new secret from Settings > Webhooks and restart the receiver.'
  ],
  sourceTicketIds: ['OLD-1', 'OLD-2'],
  observations: 2
})

const named = (reason: string): string[] =>
  [...(/the symptom \(([^)]*)\)/.exec(reason)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1]!)

describe("a card's reason on a conversation the entry has seen before", () => {
  it("names the entry's distilled problem words, not the rare words of one customer's message", async () => {
    const { knowledge, matcher } = await openKnowledge(await tempDir(), [webhook])
    const pipeline = new ProactivePipeline(new Retriever(knowledge, matcher))
    const state = conversation()
    const decision = await pipeline.run({
      state,
      trigger: message(state, 'customer', SKEW, 0),
      now: new Date(at(0)),
      settings: pipelineSettings()
    })
    expect(decision.outcome).toBe('suggest')
    const reason = decision.outcome === 'suggest' ? decision.suggestion.reason : ''
    const words = named(reason)
    expect(words.length, reason).toBeGreaterThan(0)
    // Only the second customer wrote "contains", "hosts" and "ntp" (and NTP was ruled out): none is the problem.
    for (const aside of ['ntp', 'hosts', 'contains', 'skew', 'clock'])
      expect(words, reason).not.toContain(aside)
    const distilled = tokenize(`${webhook.title} ${webhook.symptoms[0]}`)
    for (const word of words) expect(distilled, reason).toContain(stem(word))
  })
})

describe('the words a reason may name', () => {
  it('come from every customer message, not only the latest few the search weighs', () => {
    const state = conversation()
    message(state, 'customer', 'Our SAML login fails for everyone.', 0)
    for (let index = 1; index <= 6; index++)
      message(state, 'customer', `Still waiting, update ${index}.`, index)
    expect(conversationWords(state).tokens).toContain(stem('saml'))
  })

  it('leave out what anyone in the conversation said is not the problem', () => {
    const state = conversation()
    message(state, 'customer', SKEW, 0)
    message(state, 'analyst', "Thanks for ruling out clock skew. It's not the firewall.", 1)
    const { ruledOut } = conversationWords(state)
    expect([...ruledOut].sort()).toEqual(['clock', 'firewall', 'ntp', 'skew'])
  })

  it('never name a ruled-out word, even one of the entry title', () => {
    const result: RetrievedEntry = {
      entry: webhook,
      similarity: 0.4,
      rank: 0.4,
      share: 0,
      teamCases: 2,
      problemTerms: ['ntp', 'webhook'].map(stem),
      distilledTerms: ['webhook', 'ntp'].map(stem)
    }
    expect(relevanceOf(result, null, [], new Set(['ntp']))).toBe(
      'matches the symptom ("webhook"); confirmed on 2 cases'
    )
  })

  it("put the title's and the cases' shared words first, then what the fix speaks to, without the team's common words", () => {
    const matcher = new EntryMatcher()
    // "test" is in a quarter or more of the team's entries: too common to say which problem this is.
    for (let index = 0; index < 8; index++) {
      matcher.index(
        entry({ id: `kb-${index}`, title: `Topic ${index} test`, problem: `Problem ${index}`, symptoms: [] })
      )
    }
    const s3 = entry({
      id: 'kb-s3',
      title: 'S3 backup integration: AccessDenied on test connection',
      problem: 'Our backup to the acme-archive bucket fails with AccessDenied, our KMS key is new.',
      symptoms: [
        'Our backup to the acme-archive bucket fails with AccessDenied, our KMS key is new.',
        'S3 says AccessDenied when the bucket is encrypted, excerpt of the IAM policy attached.'
      ],
      resolution: ['Allow your role kms:GenerateDataKey on the KMS key.']
    })
    matcher.index(s3)
    const words = tokenize(
      'Test connection to S3 says AccessDenied on our acme-archive bucket, excerpt attached. KMS key is new.'
    )
    const terms = matcher.distilledProblemTerms('cloud-support', words, s3)
    // Title and shared words first, then "kms" (the fix speaks to it); never "test", "excerpt" or the bucket's name.
    expect(terms.slice(0, 4).sort()).toEqual(['accessdenied', 'bucket', 'connection', 's3'].map(stem).sort())
    expect(terms.slice(4).sort()).toEqual(['key', 'kms'])
    for (const aside of ['test', 'excerpt', 'acme-archive', 'attached']) expect(terms).not.toContain(aside)
  })
})
