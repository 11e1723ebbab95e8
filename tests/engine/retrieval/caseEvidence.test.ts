import { describe, expect, it } from 'vitest'
import { CaseEvidence } from '../../../src/main/engine/retrieval/caseEvidence'
import { tokenize } from '../../../src/main/engine/text/tokenize'

const TEAM = 'care'

/** A team whose cases were mostly about refunds, a few about a login loop, and some problems seen once. */
function team(): CaseEvidence {
  const evidence = new CaseEvidence()
  const refund = [
    'refund still missing after cancelled order',
    'charged twice want my refund',
    'refund not arrived'
  ]
  refund.forEach((text, index) => evidence.observe(TEAM, 'refund', tokenize(text), index === 0))
  const login = ['app keeps logging me out loop', 'login loop after update']
  login.forEach((text, index) => evidence.observe(TEAM, 'login', tokenize(text), index === 0))
  evidence.observe(TEAM, 'parcel', tokenize('parcel delivered to wrong address'), true)
  return evidence
}

const posteriorOf = (evidence: CaseEvidence, text: string, id: string, temperature = 1) =>
  evidence.posteriors(TEAM, tokenize(text), temperature).find((item) => item.entryId === id)

describe('case evidence (the answer posterior)', () => {
  it("puts the entry the conversation's words point to first, over a more frequent one, and says the words favour it", () => {
    const evidence = team()
    const [first, ...rest] = evidence.posteriors(TEAM, tokenize('stuck in a login loop since the update'), 1)
    expect(first).toMatchObject({ entryId: 'login' })
    expect(first!.logLikelihoodRatio).toBeGreaterThan(0)
    expect(rest.find((item) => item.entryId === 'refund')!.logLikelihoodRatio).toBeLessThan(0)
  })

  it('falls back on how common each problem is when the words say nothing', () => {
    const posteriors = team().posteriors(TEAM, tokenize('hello there, any news?'), 1)
    expect(posteriors.map((item) => item.entryId)).toEqual(['refund', 'login', 'parcel'])
    expect(posteriors[0]!.probability).toBeCloseTo(posteriors[1]!.probability * 1.5, 5)
  })

  it('keeps room for a problem the team has not seen: probabilities sum to less than one', () => {
    const posteriors = team().posteriors(TEAM, tokenize('refund'), 1)
    const sum = posteriors.reduce((total, item) => total + item.probability, 0)
    expect(sum).toBeLessThan(1)
    expect(sum).toBeGreaterThan(0.3)
    // Half of the team's cases were new problems so far: with no evidence, "not seen" keeps about that share.
    const quiet = team().posteriors(TEAM, tokenize('hello'), 1)
    expect(1 - quiet.reduce((total, item) => total + item.probability, 0)).toBeCloseTo(4 / 8, 5)
  })

  it('believes the words less at a lower temperature (naive Bayes alone is overconfident)', () => {
    const evidence = team()
    const text = 'login loop again'
    expect(posteriorOf(evidence, text, 'login', 0.15)!.probability).toBeLessThan(
      posteriorOf(evidence, text, 'login', 1)!.probability
    )
  })

  it('leaves out entries the caller does not accept (retired) and teams it never saw', () => {
    const evidence = team()
    const ids = evidence
      .posteriors(TEAM, tokenize('login loop'), 1, (id) => id !== 'login')
      .map((p) => p.entryId)
    expect(ids).not.toContain('login')
    expect(evidence.posteriors('other-team', tokenize('login loop'), 1)).toEqual([])
  })

  it("knows an entry seen once also by the words it is described with (its link's path), at their weight", () => {
    const evidence = team()
    // One customer asked in words the page's path never uses; the page is about playing offline.
    evidence.observe(TEAM, 'offline', tokenize('music stops on the train'), true, {
      tokens: tokenize('listen offline troubleshooting'),
      weight: 3
    })
    const text = 'downloaded songs will not listen offline'
    expect(evidence.posteriors(TEAM, tokenize(text), 1)[0]).toMatchObject({ entryId: 'offline' })
    // Without the description the same conversation is not pointed to it.
    const plain = team()
    plain.observe(TEAM, 'offline', tokenize('music stops on the train'), true)
    expect(plain.posteriors(TEAM, tokenize(text), 1)[0]?.entryId).not.toBe('offline')
  })

  it('gives a complement posterior: the words judged against all the other cases, with the same prior and unseen class', () => {
    const evidence = team()
    // Words that say nothing: both posteriors are the prior.
    for (const item of evidence.posteriors(TEAM, tokenize('hello there'), 1))
      expect(item.complement).toBeCloseTo(item.probability, 10)
    // "loop" occurs in none of the other cases: the complement believes it more than the login entry's own two
    // short cases do, and still leaves room for a problem not seen before.
    const posteriors = evidence.posteriors(TEAM, tokenize('stuck in a login loop'), 0.5)
    const login = posteriors.find((item) => item.entryId === 'login')!
    expect(login.complement).toBeGreaterThan(login.probability)
    expect(posteriors.reduce((sum, item) => sum + item.complement, 0)).toBeLessThan(1)
  })

  it('gives the same posteriors after an export and load', () => {
    const evidence = team()
    const copy = new CaseEvidence()
    copy.load(TEAM, JSON.parse(JSON.stringify(evidence.export(TEAM))))
    const text = tokenize('refund for a cancelled order')
    expect(copy.posteriors(TEAM, text, 0.3)).toEqual(evidence.posteriors(TEAM, text, 0.3))
  })
})
