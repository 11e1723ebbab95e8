import { describe, expect, it } from 'vitest'
import { differentSubjects, errorCodesIn, subjectsOf } from '../../../src/main/engine/learning/subjects'

describe('subjects', () => {
  it('names the vendors both sides used and the codes the customer quoted', () => {
    const subjects = subjectsOf(
      'Since 8am nobody can sign in, Okta sends us back and we see SSO-403.',
      'In Okta, open the app > Sign On tab and download the new certificate. Then click Replace certificate.'
    )
    expect(subjects).toEqual(expect.arrayContaining(['Okta', 'SSO-403']))
    // A button only the analyst named is not what the case is about.
    expect(subjects).not.toContain('Replace')
  })

  it('reads HTTP statuses next to a status word, not any three-digit number', () => {
    expect(errorCodesIn('It fails with 400 {"error":"invalid_cursor"}')).toEqual(['HTTP 400'])
    expect(errorCodesIn('POST /v2/records -> 429 Too Many Requests')).toEqual(['HTTP 429'])
    expect(errorCodesIn('We have 250 users')).toEqual([])
  })

  it('reads a status named by its reason phrase alone, and never takes an algorithm for a code', () => {
    expect(errorCodesIn('most calls come back with {"message":"Too Many Requests"}')).toEqual(['HTTP 429'])
    expect(errorCodesIn('the page says Gateway Timeout after a minute')).toEqual(['HTTP 504'])
    // "forbidden" or "not found" alone are ordinary words: only phrases that name one status count.
    expect(errorCodesIn('that file is not found and the folder is forbidden to us')).toEqual([])
    expect(
      errorCodesIn('Nimbus-Signature is HMAC-SHA256 of the body; tokens are RS256, keys AES256')
    ).toEqual([])
    expect(errorCodesIn('SSO-403 after we moved to SHA256 certificates')).toEqual(['SSO-403'])
  })

  it('tells near-identical cases about different vendors or codes apart', () => {
    const okta = 'Okta SSO login fails with SSO-403, replace the certificate from Okta'
    const oneLogin = 'OneLogin SSO login fails with SSO-403, replace the certificate from OneLogin'
    expect(differentSubjects(['Okta', 'SSO-403'], okta, ['OneLogin', 'SSO-403'], oneLogin)).toBe(true)
    expect(differentSubjects(['HTTP 429'], 'sync gets 429', ['HTTP 400'], 'sync gets 400')).toBe(true)
    expect(differentSubjects(['Okta', 'SSO-403'], okta, ['Okta'], 'Okta login broken')).toBe(false)
    expect(differentSubjects([], 'login broken', ['Okta'], okta)).toBe(false)
  })
})
