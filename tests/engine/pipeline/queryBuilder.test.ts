import { describe, expect, it } from 'vitest'
import { tokenize } from '../../../src/main/engine/text/tokenize'
import { buildQuery, queryFromText } from '../../../src/main/engine/pipeline/queryBuilder'
import { ConversationState } from '../../../src/main/engine/watcher/conversationState'
import { conversation, message, ticket } from '../../helpers/knowledgeFixtures'

const MESSAGE =
  'Hi, I am casey@example.com. Since 16:00 UTC nobody can sign in: "SAML signature validation failed (SSO-403)". ' +
  'Request req_7Hc2pQ91xLm4 from 198.51.100.23, trace 7c1e2a90-1b2c-4d5e-8f90-abcdef123456, ticket 4412.'

describe('buildQuery', () => {
  it('searches without the personal and volatile data of the conversation', () => {
    const state = conversation()
    const trigger = message(state, 'customer', MESSAGE, 0)
    const query = buildQuery(state, trigger)
    for (const secret of ['casey', '198.51.100.23', '7c1e2a90', 'req_7hc2pq91xlm4', '4412']) {
      expect(query.text.toLowerCase()).not.toContain(secret)
      expect(query.tokens.join(' ')).not.toContain(secret.split(/[@.]/)[0])
    }
  })

  it('keeps the error code, the time of day and the symptom to search on', () => {
    const state = conversation()
    const trigger = message(state, 'customer', MESSAGE, 0)
    const query = buildQuery(state, trigger)
    expect(query.text).toContain('SSO-403')
    expect(query.text).toContain('16:00 UTC')
    expect(query.tokens).toEqual(expect.arrayContaining(['sso', '403', 'saml', 'signatur']))
  })

  it('puts the subject first in the search text, so a long pasted log cannot push it past the cut', () => {
    const state = new ConversationState({ ...ticket(), subject: 'Nightly export times out' })
    const trigger = message(state, 'customer', `Log follows:\n${'DEBUG reading block\n'.repeat(300)}`, 0)
    const query = buildQuery(state, trigger)
    expect(query.text.startsWith('Nightly export times out')).toBe(true)
    expect(query.tokens).toEqual(expect.arrayContaining(tokenize('Nightly export times out')))
  })

  it('scrubs free text (a model rewrite) the same way', () => {
    const query = queryFromText('reset for casey@example.com after error SSO-403')
    expect(query.text).not.toContain('casey@example.com')
    expect(query.text).toContain('SSO-403')
  })
})
