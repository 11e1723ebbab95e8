/**
 * Per-request calls that must not read every entry of a team back from disk (issue 11: at 100k entries each full
 * read cost seconds and hundreds of MB): the duplicate-title check of a create or edit, the newest-first knowledge
 * list, and the status line's counts by status. Each test counts the entries parsed from disk.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { EntryShelf } from '../../../src/main/engine/knowledge/entryShelf'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { Curator } from '../../../src/main/engine/learning/curator'
import { EntryMatcher } from '../../../src/main/engine/retrieval/entryMatcher'
import { byStatus } from '../../../src/shared/entryCounts'
import { makeEntry, makeTempDir, openStore } from './fixtures'

const team = 'cloud-support'
const size = 1500

let temp: Awaited<ReturnType<typeof makeTempDir>>
let store: KnowledgeStore
/** Entries parsed from disk (the shelf's private `parse`), the cost a full read brings back. */
let parsed: MockInstance

beforeEach(async () => {
  temp = await makeTempDir()
  const writing = await openStore(temp.dir)
  const entries = Array.from({ length: size }, (_, i) =>
    makeEntry({
      id: `kb-${i}`,
      title: `Problem number ${i}`,
      updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      ...(i % 100 === 7 ? { status: 'retired' as const, review: 'rejected' as const } : {}),
      ...(i % 100 === 8 ? { status: 'retired' as const } : {}),
      ...(i % 100 === 9 ? { status: 'draft' as const, review: 'pending' as const } : {})
    })
  )
  await writing.putFromSync(entries)
  await writing.compact(team)
  await writing.close()
  // Reopened: the entries are on disk only, none parsed yet.
  store = await openStore(temp.dir)
  parsed = vi.spyOn(EntryShelf.prototype as unknown as { parse: () => unknown }, 'parse')
})

afterEach(async () => {
  parsed.mockRestore()
  await store.close()
  await temp.remove()
})

const fields = (title: string) => ({ title, problem: 'It breaks', resolution: ['Fix it'] })
const now = new Date('2026-06-01T10:00:00.000Z')

describe('duplicate-title check', () => {
  it('refuses an active title in any case and spacing, reading only the entries that share it', async () => {
    const curator = new Curator(store, new EntryMatcher())
    await curator.create(team, fields('Warm the catalogue'), 'ana', now)
    parsed.mockClear()
    await expect(curator.create(team, fields('  problem NUMBER 12 '), 'ana', now)).rejects.toThrow(
      /already has this title \(kb-12\)/
    )
    const created = await curator.create(team, fields('A title nobody used'), 'ana', now)
    expect(parsed.mock.calls.length).toBeLessThan(10)
    // A retired entry's title is free again.
    await expect(curator.create(team, fields('Problem number 8'), 'ana', now)).resolves.toBeTruthy()
    // The catalogue follows edits: the old title is free, the new one is taken.
    await curator.edit(team, created.id, { title: 'Renamed entry' }, 'ana', now)
    await expect(curator.create(team, fields('A title nobody used'), 'ana', now)).resolves.toBeTruthy()
    await expect(curator.create(team, fields('renamed ENTRY'), 'ana', now)).rejects.toThrow(
      new RegExp(`already has this title \\(${created.id}\\)`)
    )
    expect(parsed.mock.calls.length).toBeLessThan(20)
  })
})

describe('newest-first list', () => {
  it('pages the entries newest first, reading only the page once the catalogue is filled', async () => {
    const first = store.newest(team, { offset: 0, limit: 5 })
    expect(first.total).toBe(size)
    expect(first.entries.map((entry) => entry.id)).toEqual([
      'kb-1499',
      'kb-1498',
      'kb-1497',
      'kb-1496',
      'kb-1495'
    ])
    parsed.mockClear()
    const second = store.newest(team, { offset: 5, limit: 20 })
    expect(second.entries[0]!.id).toBe('kb-1494')
    expect(second.entries).toHaveLength(20)
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(20)
    // A new version moves to the top.
    await store.put({ ...store.get(team, 'kb-3')!, version: 2, updatedAt: '2027-01-01T00:00:00.000Z' })
    expect(store.newest(team, { offset: 0, limit: 1 }).entries[0]!.id).toBe('kb-3')
    // One dated earlier (an entry from sync) takes its place by date, not the front.
    await store.put({ ...store.get(team, 'kb-1400')!, version: 2, updatedAt: '2025-06-01T00:00:00.000Z' })
    const ids = store.newest(team, { offset: 0, limit: size }).entries.map((entry) => entry.id)
    expect(ids.slice(0, 3)).toEqual(['kb-3', 'kb-1499', 'kb-1498'])
    expect(ids.at(-1)).toBe('kb-1400')
  })

  it('lists the review queue from the catalogue', () => {
    const queue = store.newest(team, { offset: 0, limit: 100 }, { pendingReview: true })
    expect(queue.total).toBe(15)
    expect(queue.entries.every((entry) => entry.review === 'pending')).toBe(true)
  })
})

describe('counts by status', () => {
  it('match the counts of every entry while reading only the retired ones', () => {
    const counts = store.countByStatus(team)
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(30)
    expect(counts).toEqual(byStatus(store.entries(team)))
    expect(counts).toEqual({ active: 1455, draft: 15, retired: 15, rejected: 15 })
  })
})
