/** The compact wording centroids score exactly as the TF-IDF cosine computed directly from the exported centroids. */
import { describe, expect, it } from 'vitest'
import { wordingFileData } from '../../../src/main/engine/learning/wordingFile'
import { WordingModel } from '../../../src/main/engine/retrieval/wordingModel'
import { termFrequencies, tokenize } from '../../../src/main/engine/text/tokenize'

const team = 'cloud-support'
const words = [
  'saml',
  'certificate',
  'export',
  'csv',
  'timeout',
  'webhook',
  'retry',
  'login',
  'token',
  'quota'
]

/** Cosine of the query and each centroid, from the exported data alone (the definition in wordingModel.ts). */
function reference(model: WordingModel, tokens: string[]): Map<string, number> {
  const centroids = model.export(team)
  const ids = Object.keys(centroids)
  const df = (term: string) => ids.filter((id) => centroids[id]!.terms[term] !== undefined).length
  const seen = new Set(ids.flatMap((id) => Object.keys(centroids[id]!.terms)))
  const idf = (term: string) => Math.log(1 + (ids.length + 1) / (df(term) + 0.5))
  let queryNorm = 0
  const query = new Map<string, number>()
  for (const [term, count] of termFrequencies(tokens)) {
    const value = (1 + Math.log(count)) * idf(term)
    queryNorm += value * value
    if (seen.has(term)) query.set(term, value)
  }
  queryNorm = Math.sqrt(queryNorm)
  const scores = new Map<string, number>()
  for (const id of ids) {
    const terms = centroids[id]!.terms
    let dot = 0
    let norm = 0
    for (const [term, weight] of Object.entries(terms)) norm += (weight * idf(term)) ** 2
    for (const [term, value] of query) dot += value * (terms[term] ?? 0) * idf(term)
    if (dot > 0) scores.set(id, Math.min(1, dot / (queryNorm * Math.sqrt(norm))))
  }
  return scores
}

describe('compact wording centroids', () => {
  it('score every entry as the cosine over the exported centroids, after replacing and after reloading', () => {
    const model = new WordingModel()
    for (let i = 0; i < 60; i++) {
      const text = [0, 1, 2].map((k) => words[(i * 7 + k * 3) % words.length]).join(' ')
      model.observe(team, `kb-${i % 23}`, tokenize(`${text} workspace${i % 5}`))
    }
    const query = tokenize('saml certificate login token refused workspace2 unknownword')
    const scores = model.scores(team, query, 100)
    const expected = reference(model, query)
    expect(scores.length).toBe(expected.size)
    expect(scores.length).toBeGreaterThan(5)
    for (const score of scores) expect(score.score).toBeCloseTo(expected.get(score.entryId)!, 12)
    expect(scores.map((score) => score.cases)).toEqual(
      scores.map((score) => model.casesOf(team, score.entryId))
    )

    const reloaded = new WordingModel()
    reloaded.load(team, model.export(team))
    expect(reloaded.scores(team, query, 100)).toEqual(scores)
  })

  it('reads back the same from columns (format 2) as from an object per entry (format 1), numeric terms too', () => {
    const model = new WordingModel()
    for (let i = 0; i < 30; i++)
      model.observe(
        team,
        `kb-${i % 9}`,
        tokenize(`error ${500 + (i % 4)} on port ${i % 3} saml ${words[i % 10]}`)
      )
    const query = tokenize('error 502 on port 1 saml login')
    const fromObjects = new WordingModel()
    fromObjects.load(
      team,
      wordingFileData(JSON.parse(JSON.stringify({ format: 1, team, entries: model.export(team) })))!.entries!
    )
    const fromColumns = new WordingModel()
    const file = wordingFileData(
      JSON.parse(JSON.stringify({ format: 2, team, entries: model.exportColumns(team) }))
    )
    fromColumns.loadColumns(team, file!.columns!)
    expect(fromColumns.export(team)).toEqual(fromObjects.export(team))
    expect(fromColumns.scores(team, query, 20)).toEqual(fromObjects.scores(team, query, 20))
    expect(fromColumns.scores(team, query, 20).length).toBeGreaterThan(3)
    const broken = { format: 2, team, entries: { ...model.exportColumns(team), termIds: [99999] } }
    expect(wordingFileData(broken)).toBeNull()
  })

  it('loaded from columns, changes a centroid before any score and scores as the changed model does', () => {
    const model = new WordingModel()
    for (let i = 0; i < 40; i++)
      model.observe(team, `kb-${i % 11}`, tokenize(`${words[i % 10]} ${words[(i * 3) % 10]} shard${i % 4}`))
    const loaded = new WordingModel()
    loaded.loadColumns(team, model.exportColumns(team))
    // The first thing the loaded model does is a change (its inverted index is built for it), then a new entry.
    for (const target of [model, loaded]) {
      target.observe(team, 'kb-3', tokenize('webhook retry quota shard9'))
      target.observe(team, 'kb-new', tokenize('csv export timeout'))
    }
    expect(loaded.export(team)).toEqual(model.export(team))
    const query = tokenize('webhook retry shard9 csv login')
    const byId = (scores: ReturnType<WordingModel['scores']>) =>
      [...scores].sort((a, b) => a.entryId.localeCompare(b.entryId))
    const expected = reference(model, query)
    const scores = loaded.scores(team, query, 100)
    expect(scores.length).toBe(expected.size)
    for (const score of scores) expect(score.score).toBeCloseTo(expected.get(score.entryId)!, 12)
    expect(byId(scores)).toEqual(byId(model.scores(team, query, 100)))
  })
})
