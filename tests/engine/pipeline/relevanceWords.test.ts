import { describe, expect, it } from 'vitest'
import { answerability } from '../../../src/main/engine/pipeline/pipeline'
import { relevanceOf } from '../../../src/main/engine/pipeline/relevance'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import type { RetrievedEntry } from '../../../src/main/engine/retrieval/retriever'
import { stem } from '../../../src/main/engine/text/tokenize'
import { entry, pipelineSettings } from '../../helpers/knowledgeFixtures'

const totp = entry({
  id: 'kb-totp',
  title: 'Two-factor code is always rejected',
  problem:
    'After my password Nimbus asks for the 6-digit code from Google Authenticator; I tried ten times, an hour ago.',
  sourceTicketIds: ['OLD-1']
})

const result = (terms: string[]): RetrievedEntry => ({
  entry: totp,
  similarity: 0.3,
  rank: 0.3,
  share: 0,
  teamCases: 3,
  problemTerms: terms.map((word) => stem(word))
})

describe("a card's reason names only words that say something", () => {
  it("names an earlier case's problem words, never its customer's filler, spelled-out numbers or places", () => {
    const single = entry({
      id: 'kb-sync',
      title: 'Nightly sync job failing with HTTP 429',
      problem:
        'Our Denver office runs the nightly import. POST /v2/records -> 429 Too Many Requests. After a few ' +
        'thousand of those the job gives up, not in the retry queue either.',
      resolution: ['Each API token is limited to 600 requests per minute.', 'Switch to the bulk endpoint.'],
      sourceTicketIds: ['OLD-9']
    })
    // The conversation repeats the earlier customer's words (the same case told again): the rarest come first.
    const terms = ['denver', 'thousand', 'either', 'office', 'requests', 'bulk', 'endpoint'].map(stem)
    const reason = relevanceOf({ ...result(terms), entry: single }, null, [])
    expect(reason).toBe('matches the symptom ("requests", "bulk", "endpoint"); from one earlier case (OLD-9)')
  })

  it('leaves out bare numbers and everyday words, and names the distinctive ones', () => {
    const reason = relevanceOf(result(['6', 'ago', 'tried', 'authenticator', 'codes', 'google']), null, [])
    // "codes" meets the title's "code" (one stem): the title's word leads.
    expect(reason).toBe(
      'matches the symptom ("code", "authenticator", "google"); from one earlier case (OLD-1)'
    )
  })

  it("names the entry's own problem words before one customer's rare asides, and never an id or amount", () => {
    const reason = relevanceOf(result(['5f0c3a9d1e', '188_00', 'excerpt', 'rejected']), null, [])
    // "rejected" is in the title: it leads; the ids go, however rare they are, and so does the aside.
    expect(reason).toBe('matches the symptom ("rejected"); from one earlier case (OLD-1)')
  })

  it('says it matches the wording when no matched word is distinctive', () => {
    const reason = relevanceOf(result(['6', 'ago', 'anymore', 'address']), null, [])
    expect(reason).toMatch(/^matches the wording of the case;/)
  })
})

describe('a confirmed entry at a middling similarity must match words of its problem that say something', () => {
  const confirmed = entry({ id: 'kb-domain', title: 'Custom domain pending', sourceTicketIds: ['A', 'B'] })
  const at = (terms: string[]): RetrievedEntry => ({
    entry: confirmed,
    similarity: 0.15,
    rank: 0.15,
    share: 0,
    teamCases: 10,
    problemTerms: terms.map((word) => stem(word))
  })

  it('is not answerable on everyday words alone ("created", "workspace", "not")', () => {
    expect(answerability(at(['created', 'workspace', 'shows', 'ago']), pipelineSettings())).toBeNull()
  })

  it('is a confirmed match when distinctive words of its problem are shared', () => {
    expect(answerability(at(['cname', 'created']), pipelineSettings())).toBe('confirmed match')
  })
})

describe('a reason does not read as a match on one word when more of the problem matched', () => {
  it('names the everyday words of the symptom after a single distinctive one', () => {
    const report = entry({
      id: 'kb-report',
      title: 'Daily report totals are shifted by one day',
      problem: 'Our daily tickets report puts Monday evening tickets in Tuesday numbers.',
      sourceTicketIds: ['OLD-2']
    })
    const reason = relevanceOf(
      {
        ...result([]),
        entry: report,
        problemTerms: ['count', 'day', 'ticket', 'evening', 'report'].map(stem)
      },
      null,
      []
    )
    // "evening" is the symptom here (evening tickets land on the next day), so it is named too.
    expect(reason).toBe('matches the symptom ("report", "day", "evening"); from one earlier case (OLD-2)')
  })

  it('never names when it happened ("since this morning", "Good morning") as the symptom', () => {
    const sync = entry({
      id: 'kb-sync',
      title: 'Nightly sync job failing with HTTP 429',
      problem: 'Good morning. Since this morning our sync gets HTTP 429 on most requests.',
      sourceTicketIds: ['OLD-4']
    })
    const reason = relevanceOf(
      { ...result([]), entry: sync, problemTerms: ['requests', 'morning'].map(stem) },
      null,
      []
    )
    expect(reason).toBe('matches the symptom ("requests"); from one earlier case (OLD-4)')
  })
})

describe('a single earlier case is shown only when the conversation is about its problem', () => {
  const single = entry({
    id: 'kb-single',
    title: 'Daily report totals are shifted by one day',
    sourceTicketIds: ['OLD-3']
  })
  const matched = (terms: string[], extra: Partial<RetrievedEntry> = {}): RetrievedEntry => ({
    entry: single,
    similarity: 0.3,
    rank: 0.3,
    share: 0,
    teamCases: 3,
    problemTerms: terms.map((word) => stem(word)),
    ...extra
  })

  it('is not shown on one shared word of its problem, however close the rest of the wording', () => {
    expect(answerability(matched(['report']), pipelineSettings())).toBeNull()
    const likely = { posterior: { probability: 0.6, logLikelihoodRatio: 2 } }
    expect(answerability(matched(['report'], likely), pipelineSettings())).toBeNull()
  })

  it('is not shown when the words it shares are everyday ones or the product name most entries use', () => {
    expect(answerability(matched(['tickets', 'day', 'evening']), pipelineSettings())).toBeNull()
    const everywhere = { everywhereTerms: [stem('nimbus')] }
    expect(answerability(matched(['nimbus', 'day'], everywhere), pipelineSettings())).toBeNull()
  })

  it('is shown when two or more words of its problem match', () => {
    expect(answerability(matched(['report', 'evening']), pipelineSettings())).toBe('close match')
  })
})

describe("a reason never names the words of nearly every case (the product's own name)", () => {
  it('leaves out terms most of the team uses, which the matcher finds once the team has a few entries', () => {
    const matcher = new EntryMatcher()
    const problems = ['Nimbus export fails', 'Nimbus login loops', 'Nimbus invite lost', 'Webhook retries']
    problems.forEach((problem, index) => matcher.index(entry({ id: `kb-${index}`, title: problem, problem })))
    const terms = ['export', 'nimbus'].map((word) => stem(word))
    const everywhere = matcher.everywhereTerms('cloud-support', terms)
    expect(everywhere).toEqual([stem('nimbus')])
    const exports = entry({ id: 'kb-export', title: 'Nimbus export fails', sourceTicketIds: ['OLD-1'] })
    const reason = relevanceOf({ ...result(terms), entry: exports, everywhereTerms: everywhere }, null, [])
    expect(reason).toBe('matches the symptom ("export"); from one earlier case (OLD-1)')
  })
})
