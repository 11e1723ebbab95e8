import { describe, expect, it } from 'vitest'
import { scrubNames, scrubText } from '../../../src/main/engine/text/scrub'
import { tokenize } from '../../../src/main/engine/text/tokenize'

describe('scrubText removes personal and volatile data', () => {
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

  it('removes ticket and order ids, card numbers, dates, log clock readings and API keys', () => {
    const scrubbed = scrubText(
      'See ticket 4412 and order ORD-2231 (case #2231). Card 4111 1111 1111 1111 was charged on 2026-03-09 ' +
        'at 09:18:47. Token nmb_live_4Qx9aa, workspace acct_20418837, IPv6 2001:db8:85a3::8a2e:370:7334.'
    )
    for (const secret of [
      '4412',
      'ORD-2231',
      '2231',
      '4111',
      '2026-03-09',
      '09:18:47',
      'nmb_live',
      'acct_2041',
      '2001:db8'
    ]) {
      expect(scrubbed).not.toContain(secret)
    }
  })

  it("removes a payment card's last digits ('Card ends 4417') and keeps other four-digit figures", () => {
    expect(scrubText('Card ends 4417, billing contact is Dana.')).toBe(
      'Card ends [number], billing contact is Dana.'
    )
    expect(scrubText('card ending in 0042')).toBe('card ending in [number]')
    expect(scrubText('Since the 2025 upgrade, port 8443 refuses.')).toBe(
      'Since the 2025 upgrade, port 8443 refuses.'
    )
  })

  it('removes the name a greeting or thanks is addressed to', () => {
    expect(scrubText('Hi Marcus, sorry about this. Thanks Tomás!')).toBe(
      'Hi [name], sorry about this. Thanks [name]!'
    )
  })

  it('keeps "I\'m" after a greeting: the writer, not a name', () => {
    expect(scrubText("Hello, I'm not technical. Hi I am stuck.")).toBe(
      "Hello, I'm not technical. Hi I am stuck."
    )
    expect(scrubText('Hello, Ingrid!')).toBe('Hello, [name]!')
  })

  it('drops query strings from URLs but keeps the address', () => {
    expect(scrubText('see https://app.example.com/reset?token=abc123&u=9')).toBe(
      'see https://app.example.com/reset'
    )
  })

  it("keeps a vulnerability id from a link's query string, and nothing else of it", () => {
    expect(scrubText('see https://cve.example.org/cvename.cgi?name=CVE-2022-2047&session=ab12cd34')).toBe(
      'see https://cve.example.org/cvename.cgi CVE-2022-2047'
    )
  })
})

describe('scrubText keeps what analysts need', () => {
  it.each([
    ['error codes', 'Nimbus shows "SAML response signature validation failed (SSO-403)"', ['SSO-403']],
    ['other error code shapes', 'AADSTS50011 and ERR-1001 and E1234', ['AADSTS50011', 'ERR-1001', 'E1234']],
    ['HTTP statuses', 'POST /v2/records -> 429 Too Many Requests, then 504 Gateway Timeout', ['429', '504']],
    [
      'times of day and time zones',
      'anything after 16:00 Vancouver time is the next day in UTC',
      ['after 16:00', 'UTC']
    ],
    ['UTC offsets', 'select (UTC-08:00) America/Vancouver', ['(UTC-08:00) America/Vancouver']],
    [
      'product and vendor names',
      'Okta, OneLogin, Mimecast, Proofpoint and Microsoft Entra ID',
      ['Okta', 'OneLogin', 'Mimecast', 'Proofpoint', 'Entra ID']
    ],
    [
      'versions',
      'iOS 17.4.1 on iPhone 15, app v2.3.1, Windows 11 23H2',
      ['iOS 17.4.1', 'iPhone 15', 'v2.3.1', 'Windows 11 23H2']
    ],
    ['regions', 'the bucket is in eu-west-1, the other in us-east-2', ['eu-west-1', 'us-east-2']],
    [
      'vulnerability ids',
      'jackson-databind is affected by CVE-2020-36518 and cve-2022-2047',
      ['CVE-2020-36518', 'cve-2022-2047']
    ],
    [
      'algorithm names',
      'we verify the header as documented: HMAC-SHA256 of the body, keys are AES-256 and sha_512',
      ['HMAC-SHA256', 'AES-256', 'sha_512']
    ]
  ])('keeps %s', (_name, text, kept) => {
    const scrubbed = scrubText(text)
    for (const fact of kept) expect(scrubbed).toContain(fact)
  })
})

describe('scrubNames', () => {
  it('removes the names of the people in a case, accented ones included', () => {
    expect(scrubNames('Thanks Priya, Tomás will follow up', ['Priya Natarajan', 'Tomás Ferreira'])).toBe(
      'Thanks [name], [name] will follow up'
    )
  })
})

describe('tokenize', () => {
  it('stems word forms together and drops stop words and scrub placeholders', () => {
    expect(tokenize('The exports are failing')).toEqual(tokenize('export failed'))
    expect(tokenize('[email] [ip] [date] hello')).toEqual([])
  })

  it('keeps a version as one term, so its parts match no other number', () => {
    expect(tokenize('Upgrade Netty to 4.1.86, app v2.3.1 on port 4')).toEqual([
      'upgrad',
      'netty',
      '4_1_86',
      'app',
      '2_3_1',
      'port',
      '4'
    ])
    expect(tokenize('netty 4.1.86')).not.toContain('86')
  })
})
