/**
 * `knowledge.page` (the Knowledge screen at team scale): a page newest first or of search hits, filtered by status
 * and review, with the team's counts and review queue from the catalogue; and the catalogue of a team opened without
 * `catalogue.bin` (written by an older Vigil, or copied in), built in the background with its progress said, then saved.
 */
import { access, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { catalogueFileName } from '../../../src/main/engine/knowledge/catalogueFile'
import { EntryShelf } from '../../../src/main/engine/knowledge/entryShelf'
import { knowledgePage } from '../../../src/main/engine/knowledge/knowledgePage'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { byStatus } from '../../../src/shared/entryCounts'
import { makeEntry, makeTempDir, openStore } from './fixtures'

const team = 'cloud-support'
const size = 3000

let temp: Awaited<ReturnType<typeof makeTempDir>>
let store: KnowledgeStore
let parsed: MockInstance

beforeEach(async () => {
  temp = await makeTempDir()
  const writing = await openStore(temp.dir)
  await writing.putFromSync(
    Array.from({ length: size }, (_, i) =>
      makeEntry({
        id: `kb-${i}`,
        title: i % 100 === 42 ? `Printer spooler ${i} hangs` : `Problem number ${i}`,
        updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        ...(i % 50 === 7 ? { status: 'retired' as const, review: 'rejected' as const } : {}),
        ...(i % 50 === 8 ? { status: 'retired' as const } : {}),
        ...(i % 50 === 9 ? { status: 'draft' as const, review: 'pending' as const } : {})
      })
    )
  )
  await writing.compact(team)
  await writing.close()
  store = await openStore(temp.dir)
  parsed = vi.spyOn(EntryShelf.prototype as unknown as { parse: () => unknown }, 'parse')
})

afterEach(async () => {
  parsed.mockRestore()
  await store.close()
  await temp.remove()
})

describe('knowledge.page', () => {
  it('lists a page newest first with the team counts, reading only the page', async () => {
    const page = await knowledgePage(store, team, { limit: 50, offset: 0 })
    expect(page.entries.map((entry) => entry.id).slice(0, 3)).toEqual(['kb-2999', 'kb-2998', 'kb-2997'])
    expect(page).toMatchObject({ total: size, more: true, waiting: 60 })
    expect(page.counts).toEqual({ active: 2820, draft: 60, retired: 60, rejected: 60 })
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(50)
    const last = await knowledgePage(store, team, { limit: 50, offset: size - 20 })
    expect(last.entries).toHaveLength(20)
    expect(last.more).toBe(false)
    parsed.mockRestore()
    expect(page.counts).toEqual(byStatus(store.entries(team)))
  })

  it('filters by status and review, and pages through search hits', async () => {
    const retired = await knowledgePage(store, team, { status: 'retired', limit: 200, offset: 0 })
    expect(retired.total).toBe(120)
    expect(retired.entries.every((entry) => entry.status === 'retired')).toBe(true)
    const queue = await knowledgePage(store, team, { filter: 'review', limit: 10, offset: 0 })
    expect(queue).toMatchObject({ total: 60, more: true })
    expect(queue.entries.every((entry) => entry.review === 'pending')).toBe(true)

    const first = await knowledgePage(store, team, { query: 'printer spooler', limit: 20, offset: 0 })
    expect(first).toMatchObject({ total: null, more: true })
    const second = await knowledgePage(store, team, { query: 'printer spooler', limit: 20, offset: 20 })
    expect(second.more).toBe(false)
    const found = [...first.entries, ...second.entries].map((entry) => entry.id)
    expect(new Set(found).size).toBe(30)
    expect(found.every((id) => Number(id.slice(3)) % 100 === 42)).toBe(true)
  })
})

describe('a team opened without its saved catalogue', () => {
  it('builds it in the background, says how far it is, answers pages once built, and saves it', async () => {
    await store.close()
    const folder = join(temp.dir, team)
    await rm(join(folder, catalogueFileName))
    store = await openStore(temp.dir)
    // Opening did not wait for it, and the status can say so.
    expect(store.catalogueProgress(team)).toEqual({ done: 0, of: size })
    expect(store.preparing(team)).toMatchObject({ catalogued: 0, of: size })
    const page = await store.page(team, { offset: 0, limit: 5 })
    expect(page.entries[0]!.id).toBe('kb-2999')
    expect(page.total).toBe(size)
    expect(store.catalogueProgress(team)).toEqual({ done: size, of: size })
    await store.indexed(team)
    expect(store.preparing(team)).toBeNull()
    // Saved once built (through the write queue), so the next open restores it.
    await store.close()
    await access(join(folder, catalogueFileName))
    store = await openStore(temp.dir)
    parsed.mockClear()
    await store.page(team, { offset: 0, limit: 5 })
    // Restored from the file: only the page's entries were read.
    expect(parsed.mock.calls.length).toBeLessThanOrEqual(5)
  })
})
