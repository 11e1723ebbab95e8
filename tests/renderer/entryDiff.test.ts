import { describe, expect, it } from 'vitest'
import { diffEntries, diffTokens } from '../../src/renderer/src/workbench/knowledge/entryDiff'
import { makeEntry } from './fixtures'

describe('the diff between two versions of an entry', () => {
  it('keeps what stayed, and marks words and steps added or removed in reading order', () => {
    expect(diffTokens(['a ', 'b ', 'c'], ['a ', 'x ', 'c'])).toEqual([
      { kind: 'same', text: 'a ' },
      { kind: 'added', text: 'x ' },
      { kind: 'removed', text: 'b ' },
      { kind: 'same', text: 'c' }
    ])
    const diff = diffEntries(
      makeEntry({ resolution: ['Run vpn renew', 'Reconnect'] }),
      makeEntry({ resolution: ['Run vpn renew', 'Reboot', 'Reconnect'], status: 'retired' })
    )
    expect(diff.resolution).toEqual([
      { kind: 'same', text: 'Run vpn renew' },
      { kind: 'added', text: 'Reboot' },
      { kind: 'same', text: 'Reconnect' }
    ])
    expect(diff.status).toEqual({ from: 'active', to: 'retired' })
    expect(diff.changed).toBe(true)
  })

  it('says nothing changed between equal versions', () => {
    const diff = diffEntries(makeEntry({ version: 1 }), makeEntry({ version: 2 }))
    expect(diff.changed).toBe(false)
    expect(diff.title).toEqual([{ kind: 'same', text: 'VPN lease expiry' }])
  })
})
