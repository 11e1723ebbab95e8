/** Item 6d: an entry's similarity vector follows the team's word statistics, so learning order does not matter. */
import { describe, expect, it } from 'vitest'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { entry, exportEntry, samlEntry } from '../../helpers/knowledgeFixtures'

const saml = samlEntry()
const exports = exportEntry()
/** Shares "certificate", "SSO" and "SAML" with the SAML entry, so it changes those words' weights. */
const rotation = entry({
  id: 'kb-rotation',
  title: 'SAML certificate rotation for SSO',
  problem: 'The SSO certificate expires; SAML sign-in breaks after the rotation.',
  resolution: ['Upload the new certificate before the old one expires.']
})

const rounded = (vector: Map<string, number>) =>
  Object.fromEntries([...vector].map(([term, value]) => [term, Math.round(value * 1e9) / 1e9]))

describe('similarity vectors never go stale', () => {
  it('gives the same vector and similarity whichever order the entries were learned in', () => {
    const early = new EntryMatcher()
    early.index(saml)
    early.index(exports)
    early.entryVector(saml) // cached under the statistics of two entries
    early.index(rotation) // the team's word statistics change

    const late = new EntryMatcher()
    late.index(rotation)
    late.index(exports)
    late.index(saml)

    expect(rounded(early.entryVector(saml))).toEqual(rounded(late.entryVector(saml)))
    const query = tokenize('SSO sign in fails with a SAML certificate error')
    expect(early.similarity(early.queryVector('cloud-support', query), saml)).toBeCloseTo(
      late.similarity(late.queryVector('cloud-support', query), saml),
      12
    )
  })
})
