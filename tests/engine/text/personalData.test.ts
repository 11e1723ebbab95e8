import { describe, expect, it } from 'vitest'
import { redactPersonalData } from '../../../src/main/engine/text/personalData'

describe('redactPersonalData', () => {
  it('removes what identifies a person or opens an account', () => {
    const text =
      'I am Casey Jones (casey@example.com, +44 20 7946 0958), card 4111 1111 1111 1111, from 203.0.113.7. ' +
      'My key is sk_live_abcdefghijklmnopqrstuvwxyz0123456789 and password: hunter2. ' +
      'See https://user:pw@portal.example.com/reset?token=abc. cc @dana'
    const redacted = redactPersonalData(text, ['Casey Jones'])
    for (const secret of [
      'Casey',
      'Jones',
      'casey@',
      '7946',
      '4111',
      '203.0.113.7',
      'sk_live',
      'hunter2',
      'user:pw',
      'token=abc',
      '@dana'
    ])
      expect(redacted).not.toContain(secret)
    expect(redacted).toContain('https://portal.example.com/reset')
  })

  it('keeps the error codes, ids and times the customer quoted', () => {
    const text =
      'Order ORD-22931 fails with E-1042 (0x80070005) at 2026-01-05 09:12, request id ' +
      '3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b, ticket #48213, ERR_SSL_PROTOCOL_ERROR.'
    expect(redactPersonalData(text)).toBe(text)
  })
})
