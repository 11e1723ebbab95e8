import { describe, expect, it } from 'vitest'
import { ruledOutTerms } from '../../../src/main/engine/text/ruledOut'

describe('what a conversation rules out', () => {
  it.each([
    ['We suspected clock skew, but NTP is fine on all our hosts.', ['ntp']],
    ['Thanks for ruling out the proxy.', ['proxy']],
    ["It's not the firewall, we checked.", ['firewall']],
    ['The DNS records look correct.', ['dns', 'record']]
  ])('"%s" rules out %j', (text, terms) => {
    expect([...ruledOutTerms(text)].sort()).toEqual(terms)
  })

  it('rules out nothing when the negation is about what happens ("emails are not arriving")', () => {
    expect([...ruledOutTerms('Emails are not arriving and the invite link does not work.')]).toEqual([])
  })
})
