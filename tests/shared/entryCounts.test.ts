/** The knowledge counts in words, as the workbench header and the Knowledge screen show them. */
import { describe, expect, it } from 'vitest'
import { byStatus, entriesText } from '../../src/shared/entryCounts'

describe('entry counts', () => {
  it('counts a rejected draft apart from retired entries (it was never in use)', () => {
    const counts = byStatus([
      { status: 'active' },
      { status: 'active' },
      { status: 'retired', review: 'rejected' },
      { status: 'retired', review: 'none' }
    ])
    expect(counts).toEqual({ active: 2, draft: 0, retired: 1, rejected: 1 })
    expect(entriesText(counts)).toBe('2 active entries, 1 retired, 1 rejected draft')
    expect(entriesText(byStatus([{ status: 'active' }, { status: 'retired', review: 'rejected' }]))).toBe(
      '1 active entry, 1 rejected draft'
    )
  })

  it('reads counts from an engine that predates the rejected count', () => {
    expect(entriesText({ active: 3, draft: 1, retired: 0 })).toBe('3 active entries, 1 draft')
  })

  it('groups the digits of a large team, as the Knowledge screen says how many are shown', () => {
    expect(entriesText({ active: 100_020, draft: 1, retired: 2_500, rejected: 1_000 })).toBe(
      '100,020 active entries, 1 draft, 2,500 retired, 1,000 rejected drafts'
    )
  })
})
