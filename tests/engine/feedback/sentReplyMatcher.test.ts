import { describe, expect, it } from 'vitest'
import { classifyReuse, reuseScore } from '../../../src/main/engine/feedback/sentReplyMatcher'

const SUGGESTION = [
  'Nimbus keeps a copy of your IdP signing certificate and checks every SAML assertion against it.',
  'In Okta, open the Nimbus app > Sign On tab and download the new SAML signing certificate.',
  'In Nimbus go to Admin > Security > Single sign-on and click Replace certificate.',
  'Upload the new certificate, or paste the metadata URL instead.',
  'Save, then click Test connection.'
].join('\n')

const reuse = (reply: string) => classifyReuse(reuseScore(SUGGESTION, reply))

describe('reading reuse from a sent reply', () => {
  it('adopted: the suggestion sent as is, with a greeting and a sign-off', () => {
    expect(reuse(`Hi Aisha,\n${SUGGESTION}\nLet me know if that helps!`)).toBe('adopted')
  })

  it('edited: part of it sent, or reworded around the analyst own sentences', () => {
    const lines = SUGGESTION.split('\n')
    expect(
      reuse(`${lines.slice(1, 3).join('\n')}\nI also checked your account: nothing else is wrong.`)
    ).toBe('edited')
    expect(reuse(lines.slice(1, 3).join(' '))).toBe('edited')
  })

  it('none: an independent reply about the same problem (the demo analyst on NIM-1029)', () => {
    const demoReply =
      'Then Nimbus just needs the new certificate:\n1. In the Google Admin console go to Apps > Web and mobile apps > ' +
      'Nimbus > Service provider details / Download metadata, and download the new certificate or IdP metadata.\n' +
      '2. In Nimbus, Admin > Security > Single sign-on > Replace certificate, and upload it.\n3. Save and click Test connection.'
    expect(reuse(demoReply)).toBeNull()
    expect(reuse('Thanks, let me check that for you.')).toBeNull()
  })
})
