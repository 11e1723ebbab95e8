import { describe, expect, it } from 'vitest'
import { sentenceAround } from '../../../src/main/engine/escalation/sentenceAround'

describe('the sentence an escalation alert quotes', () => {
  it('is the customer’s sentence that holds the matched words', () => {
    const text = 'Hi team. Is there an outage? Nothing loads for us since 9am.'
    expect(sentenceAround(text, 'outage')).toBe('Is there an outage?')
    expect(sentenceAround('nobody can log in, the whole team is blocked', 'nobody can')).toBe(
      'nobody can log in, the whole team is blocked'
    )
  })

  it('is clipped around the match when the sentence is long', () => {
    const text = `${'word '.repeat(80)}outage ${'more '.repeat(80)}`
    const quoted = sentenceAround(text, 'outage', 60)
    expect(quoted).toContain('outage')
    expect(quoted.length).toBeLessThanOrEqual(62)
    expect(quoted.startsWith('…') && quoted.endsWith('…')).toBe(true)
  })
})
