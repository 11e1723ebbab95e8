/**
 * `catalogue.bin` format 2 (columns decoded into typed arrays, source tickets left packed until asked for): a saved
 * catalogue restores to the one that was saved, entries noted on top of it replace their saved rows, and a file of the
 * first format (one JSON document) is built again from the entries and written in the current format, once, by a store
 * that never holds up its open or first search for it.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { KnowledgeEntry, ProvenanceEvent } from '../../../src/shared/domain'
import { writeCheckedFile } from '../../../src/main/engine/knowledge/checkedFile'
import {
  catalogueFileName,
  decodeCatalogue,
  readCatalogueFile,
  writeCatalogueFile
} from '../../../src/main/engine/knowledge/catalogueFile'
import { EntryCatalogue } from '../../../src/main/engine/knowledge/entryCatalogue'
import { EntryShelf } from '../../../src/main/engine/knowledge/entryShelf'
import type { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'
import { makeEntry, makeTempDir, openStore } from './fixtures'

const team = 'cloud-support'
const snapshot = { size: 1234, crc32: 99 }
const day = (n: number) => new Date(Date.UTC(2026, 2, n, 10)).toISOString()
const event = (kind: ProvenanceEvent['kind'], n: number): ProvenanceEvent => ({ kind, at: day(n) })

function entries(count: number): KnowledgeEntry[] {
  return Array.from({ length: count }, (_, i) =>
    makeEntry({
      id: `kb-${i}`,
      title: i % 10 === 3 ? 'Shared title' : `Title ${i}`,
      updatedAt: day(1 + (i % 27)),
      sourceTicketIds: i % 4 === 0 ? [] : [`T-${i % 7}`, `T-${100 + i}`],
      provenance: i % 3 === 0 ? [] : [event('learned', 1 + (i % 5)), event('merged', 2 + (i % 9))],
      ...(i % 11 === 5 ? { status: 'retired' as const, review: 'rejected' as const } : {}),
      ...(i % 13 === 6 ? { status: 'draft' as const, review: 'pending' as const } : {})
    })
  )
}

/** Everything the catalogue answers, in comparable form. */
function answers(catalogue: EntryCatalogue) {
  return {
    size: catalogue.size,
    newest: [...catalogue.newestFirst()],
    shared: catalogue.withTitle('  shared TITLE ').sort(),
    title7: catalogue.withTitle('Title 7'),
    tickets: ['T-0', 'T-3', 'T-105', 'T-none'].map((ticket) => [...catalogue.entriesOfTicket(ticket)].sort()),
    growth: [...catalogue.growthByDay()],
    pending: catalogue.pendingTotal,
    rejected: catalogue.rejectedTotal,
    pendingIds: catalogue
      .newestFirst()
      .filter((id) => catalogue.pending(id))
      .sort()
  }
}

describe('catalogue.bin columns', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>
  beforeEach(async () => {
    temp = await makeTempDir()
  })
  afterEach(async () => temp.remove())

  it('restores the catalogue it saved, and entries noted on top replace their saved rows', async () => {
    const all = entries(300)
    const path = join(temp.root, catalogueFileName)
    await writeCatalogueFile(path, temp.root, snapshot, EntryCatalogue.from(all).columns())
    const saved = await readCatalogueFile(path)
    if ('unusable' in saved) throw new Error(saved.unusable)
    expect(saved.snapshot).toEqual(snapshot)
    const restored = EntryCatalogue.fromColumns(saved.columns)
    expect(answers(restored)).toEqual(answers(EntryCatalogue.from(all)))

    // Lookups built before the change and after it agree with a catalogue built from the changed entries.
    const changed = [
      { ...all[3]!, title: 'Renamed', sourceTicketIds: ['T-new'], provenance: [event('corrected', 20)] },
      { ...all[8]!, review: 'pending' as const, updatedAt: day(28) },
      makeEntry({ id: 'kb-new', title: 'Shared title', sourceTicketIds: ['T-3'], updatedAt: day(28) })
    ]
    const later = EntryCatalogue.fromColumns(decodeCatalogue(await readFile(path)).columns)
    for (const entry of changed) {
      restored.note(entry)
      later.note(entry)
    }
    const expected = EntryCatalogue.from(all.map((entry) => changed.find((c) => c.id === entry.id) ?? entry))
    expected.note(changed[2]!)
    expect(answers(restored)).toEqual(answers(expected))
    expect(answers(later)).toEqual(answers(expected))
    // And saved again, the same once more.
    await writeCatalogueFile(path, temp.root, snapshot, restored.columns())
    expect(answers(EntryCatalogue.fromColumns(decodeCatalogue(await readFile(path)).columns))).toEqual(
      answers(expected)
    )
  })

  it('refuses a damaged file, one of the first format, and one that lists an entry twice', async () => {
    const path = join(temp.root, catalogueFileName)
    const columns = EntryCatalogue.from(entries(20)).columns()
    await writeCatalogueFile(path, temp.root, snapshot, columns)
    const bytes = await readFile(path)
    bytes[40] = bytes[40]! ^ 0xff
    expect(() => decodeCatalogue(bytes)).toThrow(/damaged/)
    await writeCheckedFile(path, firstFormat(), temp.root)
    expect(await readCatalogueFile(path)).toEqual({ unusable: 'of format 1, not 2' })
    await writeCatalogueFile(path, temp.root, snapshot, { ...columns, ids: columns.ids.map(() => 'kb-1') })
    const twice = await readCatalogueFile(path)
    if ('unusable' in twice) throw new Error(twice.unusable)
    expect(() => EntryCatalogue.fromColumns(twice.columns)).toThrow(/twice/)
  })
})

/** A catalogue.bin as the first format wrote it: the magic, then one JSON document of per-entry arrays. */
function firstFormat(): Buffer {
  const json = { format: 1, snapshot, ids: [], title: [], updated: [], flags: [], sources: [], growth: [] }
  return Buffer.concat([Buffer.from('VIGILCA\n', 'latin1'), Buffer.from(JSON.stringify(json), 'utf8')])
}

describe('a store opening a saved catalogue', () => {
  const size = 2000
  let temp: Awaited<ReturnType<typeof makeTempDir>>
  let store: KnowledgeStore

  beforeEach(async () => {
    temp = await makeTempDir()
    const writing = await openStore(temp.dir)
    await writing.putFromSync(entries(size))
    await writing.compact(team)
    await writing.close()
  })
  afterEach(async () => {
    await store.close()
    await temp.remove()
  })

  it('restores it after the index is open, reading no entry; a first-format file is built again once, then saved', async () => {
    const path = join(temp.dir, team, catalogueFileName)
    const reference = answers(EntryCatalogue.from(entries(size)))
    // Saved as the first format did: unusable now, so built again from the entries, and saved in this one.
    const snapshotBytes = await readFile(join(temp.dir, team, 'snapshot.jsonl'))
    const real = decodeCatalogue(await readFile(path))
    expect(real.snapshot.size).toBe(snapshotBytes.length)
    await writeCheckedFile(path, firstFormat(), join(temp.dir, team))
    store = await openStore(temp.dir)
    await store.page(team, { offset: 0, limit: 1 })
    await store.close()
    expect(decodeCatalogue(await readFile(path)).snapshot).toEqual(real.snapshot)

    const parse = vi.spyOn(EntryShelf.prototype as unknown as { parse: () => unknown }, 'parse')
    const decode = vi.spyOn(EntryCatalogue, 'fromColumns')
    try {
      store = await openStore(temp.dir)
      // Opening did not decode it: it waits for the search index, so it never holds up the start.
      expect(decode).not.toHaveBeenCalled()
      expect(store.preparing(team)).toMatchObject({ catalogued: 0, of: size })
      await store.indexed(team)
      const page = await store.page(team, { offset: 0, limit: 3 })
      expect(decode).toHaveBeenCalledTimes(1)
      expect(page.entries.map((entry) => entry.id)).toEqual(reference.newest.slice(0, 3))
      expect(page.total).toBe(size)
      expect(parse.mock.calls.length).toBeLessThanOrEqual(3)
      expect(store.countByStatus(team)).toMatchObject({ rejected: reference.rejected })
      expect(await store.reviewCount(team)).toBe(reference.pending)
      expect(store.preparing(team)).toBeNull()
    } finally {
      parse.mockRestore()
      decode.mockRestore()
    }
  })

  it('decodes it at once for a count asked before the index is open', async () => {
    store = await openStore(temp.dir)
    const counts = store.countByStatus(team)
    expect(store.catalogueProgress(team)).toEqual({ done: size, of: size })
    expect(counts.rejected).toBe(answers(EntryCatalogue.from(entries(size))).rejected)
  })
})
