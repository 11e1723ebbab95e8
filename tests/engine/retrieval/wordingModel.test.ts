import { afterEach, describe, expect, it } from 'vitest'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { Retriever } from '../../../src/main/engine/retrieval/retriever'
import { WordingModel } from '../../../src/main/engine/retrieval/wordingModel'
import { scrubText } from '../../../src/main/engine/text/scrub'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { exportEntry, openKnowledge, samlEntry } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const TEAM = 'cloud-support'

/** How a customer described the SAML problem on a resolved case: not one word of the entry's own text. */
const LEARNED_WORDING =
  'Whole office is locked out of the portal, it keeps bouncing us back to the start page since the cert rollover this morning.'
/** A new customer, a new wording of the same problem, sharing words with the learned one only. */
const PARAPHRASE = 'The portal keeps bouncing everyone back to the start page, our office is locked out.'

const opened: KnowledgeStore[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()))
})

const query = (text: string) => ({ team: TEAM, text: scrubText(text), tokens: tokenize(scrubText(text)) })

async function retrieverWith(model: WordingModel | null, saml = samlEntry()) {
  const { knowledge, matcher } = await openKnowledge(await tempDir(), [saml, exportEntry()])
  opened.push(knowledge)
  return new Retriever(knowledge, matcher, model)
}

function taught(): WordingModel {
  const model = new WordingModel()
  model.observe(TEAM, 'kb-saml', tokenize(LEARNED_WORDING))
  model.observe(TEAM, 'kb-export', tokenize('The activity CSV download spins forever and then times out.'))
  return model
}

describe('wording model in retrieval', () => {
  it('finds the entry for a new wording of a problem a resolved case taught it, which text alone cannot', async () => {
    const results = await (await retrieverWith(taught())).retrieve(query(PARAPHRASE))
    expect(results[0]?.entry.id).toBe('kb-saml')
    expect(results[0]!.similarity).toBeGreaterThanOrEqual(0.2) // the default answer threshold
    expect(results[0]!.wording).toBe(results[0]!.similarity)

    const withoutModel = await (await retrieverWith(null)).retrieve(query(PARAPHRASE))
    expect(withoutModel.map((result) => result.entry.id)).not.toContain('kb-saml')
  })

  it('never brings back a retired entry, however well its old wordings match', async () => {
    const retired = samlEntry({ status: 'retired' })
    const results = await (await retrieverWith(taught(), retired)).retrieve(query(PARAPHRASE))
    expect(results.map((result) => result.entry.id)).not.toContain('kb-saml')
  })

  it('weighs words by how specific they are to one entry: a word every entry shares decides nothing', () => {
    const model = new WordingModel()
    model.observe(TEAM, 'a', tokenize('portal error when uploading invoices'))
    model.observe(TEAM, 'b', tokenize('portal error after password reset'))
    model.observe(TEAM, 'b', tokenize('portal error, password reset mail never came'))
    const [best] = model.scores(TEAM, tokenize('portal error with invoices'), 5)
    expect(best).toMatchObject({ entryId: 'a', cases: 1 })
    expect(model.scores(TEAM, tokenize('nothing alike here'), 5)).toEqual([])
    expect(model.scores('other-team', tokenize('portal error with invoices'), 5)).toEqual([])
  })

  it('exports and loads a team exactly (what its file holds)', () => {
    const model = taught()
    const copy = new WordingModel()
    copy.load(TEAM, JSON.parse(JSON.stringify(model.export(TEAM))))
    const tokens = tokenize(PARAPHRASE)
    expect(copy.scores(TEAM, tokens, 5)).toEqual(model.scores(TEAM, tokens, 5))
  })
})
