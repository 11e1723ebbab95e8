import { describe, expect, it } from 'vitest'
import { generaliseStep } from '../../../src/main/engine/learning/generalise'

const none = new Map<string, string>()

describe('a learned step ends without the earlier analyst promising their own part', () => {
  it.each([
    [
      "Ask IT to release the held messages, or simply delete them, and I'll resend.",
      'Ask IT to release the held messages, or simply delete them.'
    ],
    ['Clear the cache, then we will re-run the import.', 'Clear the cache.'],
    ['Send us the export and I will check it', 'Send us the export.']
  ])('%s', (step, expected) => {
    expect(generaliseStep(step, none, new Set())).toBe(expected)
  })

  it('keeps steps whose "I" or "we" belongs inside the instruction', () => {
    const step = 'Reply to the e-mail we will send you with the code.'
    expect(generaliseStep(step, none, new Set())).toBe(step)
  })
})
