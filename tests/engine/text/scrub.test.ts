import { describe, expect, it } from 'vitest'
import { scrubNames, scrubText } from '../../../src/main/engine/text/scrub'
import { tokenize } from '../../../src/main/engine/text/tokenize'

describe('scrubText', () => {
  it('removes e-mails, IPs, UUIDs, timestamps, prefixed ids and tokens', () => {
    const text =
      'From ana.silva@example.com at 2026-03-02T09:15:00Z, request req_8f2k9d1 from 203.0.113.7:443, ' +
      'trace 3f2a9c1e-1b2c-4d5e-8f90-abcdef123456, account acct-77812, ticket #48213, ' +
      'key sk_live_4eC39HqLyjWDarjtT1zdp7dc, phone +1 415-555-0199: SAML signature invalid'
    const scrubbed = scrubText(text)
    for (const secret of [
      'ana.silva@example.com',
      '2026-03-02',
      'req_8f2k9d1',
      '203.0.113.7',
      '3f2a9c1e',
      'acct-77812',
      '48213',
      'sk_live',
      '415-555-0199'
    ]) {
      expect(scrubbed).not.toContain(secret)
    }
    expect(scrubbed).toContain('SAML signature invalid')
  })

  it('drops query strings from URLs but keeps the address', () => {
    expect(scrubText('see https://app.example.com/reset?token=abc123&u=9')).toBe(
      'see https://app.example.com/reset'
    )
  })

  it('removes the names of the people in a case', () => {
    expect(scrubNames('Thanks Priya, Tomás will follow up', ['Priya Natarajan', 'Tomás Ferreira'])).toBe(
      'Thanks [name], [name] will follow up'
    )
  })
})

describe('tokenize', () => {
  it('stems word forms together and drops stop words and scrub placeholders', () => {
    expect(tokenize('The exports are failing')).toEqual(tokenize('export failed'))
    expect(tokenize('[email] [ip] hello')).toEqual([])
  })
})
