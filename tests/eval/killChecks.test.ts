import { describe, expect, it } from 'vitest'
import { checkRestart } from '../../src/main/eval/kill/killChecks'
import { describeTorn } from '../../src/main/engine/storage/tornTail'

describe('the kill test restart checks', () => {
  const state = (warnings: string[]) => ({ versions: {}, reactions: [], warnings, unlearned: 0 })

  it('takes a torn last line moved aside for what a kill leaves, and a bad line inside for damage', () => {
    const torn = describeTorn({ file: 'events.jsonl', line: 92, keptAt: 'events.jsonl.torn-x', bytes: 40 })
    expect(checkRestart([], state([torn]))).toEqual([])
    expect(checkRestart([], state(['events.jsonl line 12: invalid JSON']))).toEqual([
      'damaged: events.jsonl line 12: invalid JSON'
    ])
  })

  it('names an acknowledged version or reaction that a restart lost', () => {
    const acks = [
      { type: 'ack-entry' as const, team: 't', id: 'e', version: 2 },
      { type: 'ack-reaction' as const, suggestionId: 's', kind: 'liked' }
    ]
    expect(checkRestart(acks, state([]))).toEqual(['lost entry version t/e v2', 'lost reaction liked on s'])
  })
})
