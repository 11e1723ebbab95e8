import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, VigilError } from '../../../src/shared/errors'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import { makeEntry, makeTempDir, openStore } from './fixtures'

let temp: Awaited<ReturnType<typeof makeTempDir>>
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(async () => {
  await temp.remove()
})

const vpn = makeEntry({
  id: 'vpn-timeout',
  title: 'VPN connection times out',
  problem: 'Customers cannot connect to the corporate VPN from home',
  symptoms: ['handshake timeout after 30 seconds'],
  resolution: ['Ask the customer to switch the client to TCP mode']
})
const printer = makeEntry({
  id: 'printer-offline',
  title: 'Printer shows offline',
  problem: 'The office printer is offline for every laptop',
  resolution: ['Power-cycle the print server']
})
const password = makeEntry({
  id: 'password-reset',
  title: 'Password reset mail never arrives',
  problem: 'Reset mail is filtered as spam',
  resolution: ['Allow-list the sender domain'],
  status: 'draft'
})

async function searchIds(
  store: Awaited<ReturnType<typeof openStore>>,
  team: string,
  query: string,
  statuses?: KnowledgeEntry['status'][]
) {
  const hits = await store.search(team, query, { limit: 10, ...(statuses ? { statuses } : {}) })
  return hits.map((hit) => hit.entry.id)
}

describe('KnowledgeStore', () => {
  it('stores entries, returns them by id and finds them by full-text search', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    await store.put(printer)
    expect(store.get('cloud-support', 'vpn-timeout')).toEqual(vpn)
    expect(store.count()).toBe(2)
    expect(store.teams()).toEqual(['cloud-support'])
    const hits = await store.search('cloud-support', 'vpn handshake timeout', { limit: 5 })
    expect(hits[0]?.entry).toEqual(vpn)
    expect(hits[0]?.score).toBeGreaterThan(0)
    expect(await searchIds(store, 'cloud-support', 'print server')).toEqual(['printer-offline'])
    expect(await searchIds(store, 'cloud-support', '   ')).toEqual([])
    await store.close()
  })

  it('ranks a title match above the same word in the problem text', async () => {
    const store = await openStore(temp.dir)
    await store.put(
      makeEntry({ id: 'in-problem', title: 'Slow logins', problem: 'The mailbox quota is full' })
    )
    await store.put(
      makeEntry({ id: 'in-title', title: 'Mailbox quota', problem: 'Users see an error when sending' })
    )
    expect(await searchIds(store, 'cloud-support', 'mailbox')).toEqual(['in-title', 'in-problem'])
    await store.close()
  })

  it('restores entries, counters and search after a reopen', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    await store.put(printer)
    await store.bumpCounters('cloud-support', 'vpn-timeout', { shown: 3, adopted: 1 })
    await store.close()

    const reopened = await openStore(temp.dir)
    expect(reopened.problems()).toEqual([])
    expect(reopened.count()).toBe(2)
    expect(reopened.get('cloud-support', 'vpn-timeout')?.counters).toEqual({
      shown: 3,
      adopted: 1,
      liked: 0,
      disliked: 0,
      dismissed: 0
    })
    expect(await searchIds(reopened, 'cloud-support', 'vpn')).toEqual(['vpn-timeout'])
    await reopened.close()
  })

  it('replaces an entry with the same id, in memory, in the index and after a reopen', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    const corrected = {
      ...vpn,
      title: 'Proxy blocks tunnel',
      problem: 'A proxy blocks the tunnel',
      symptoms: [],
      version: 2
    }
    await store.put(corrected)
    expect(store.count()).toBe(1)
    expect(await searchIds(store, 'cloud-support', 'vpn')).toEqual([])
    expect(await searchIds(store, 'cloud-support', 'proxy')).toEqual(['vpn-timeout'])
    await store.close()
    const reopened = await openStore(temp.dir)
    expect(reopened.get('cloud-support', 'vpn-timeout')).toEqual(corrected)
    await reopened.close()
  })

  it('compacts the log into a snapshot automatically and on request, and reloads the same state', async () => {
    const store = await openStore(temp.dir, { compactEvery: 4 })
    for (let i = 0; i < 5; i += 1) await store.put(makeEntry({ id: `e${i}`, title: `Disk quota ${i}` }))
    const folder = join(temp.dir, 'cloud-support')
    // Four records triggered a compaction; the fifth is the only one left in the log.
    expect((await readFile(join(folder, 'snapshot.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4)
    expect((await readFile(join(folder, 'entries.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1)

    await store.bumpCounters('cloud-support', 'e1', { liked: 2 })
    await store.compact('cloud-support')
    expect(await readFile(join(folder, 'entries.jsonl'), 'utf8')).toBe('')
    expect(await readdir(folder)).toEqual([
      'catalogue.bin',
      'entries.jsonl',
      'index.bin',
      'snapshot.jsonl',
      'team.json'
    ])
    await store.close()

    const reopened = await openStore(temp.dir)
    expect(reopened.count()).toBe(5)
    expect(reopened.get('cloud-support', 'e1')?.counters.liked).toBe(2)
    expect(await searchIds(reopened, 'cloud-support', 'quota')).toHaveLength(5)
    await reopened.close()
  })

  it('keeps teams apart: search, entries and folders', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    await store.put({ ...printer, id: 'vpn-other', team: 'Field Ops', title: 'VPN on site' })
    expect(await searchIds(store, 'cloud-support', 'vpn')).toEqual(['vpn-timeout'])
    expect(await searchIds(store, 'Field Ops', 'vpn')).toEqual(['vpn-other'])
    expect(await searchIds(store, 'unknown-team', 'vpn')).toEqual([])
    expect(store.entries('cloud-support').map((entry) => entry.id)).toEqual(['vpn-timeout'])
    await store.close()

    const reopened = await openStore(temp.dir)
    expect(reopened.teams()).toEqual(['Field Ops', 'cloud-support'])
    expect(await searchIds(reopened, 'Field Ops', 'vpn')).toEqual(['vpn-other'])
    await reopened.close()
  })

  it('filters by status: search defaults to active entries only', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    await store.put(password)
    await store.put({ ...printer, status: 'retired', title: 'Reset the printer' })
    expect(await searchIds(store, 'cloud-support', 'reset')).toEqual([])
    expect(await searchIds(store, 'cloud-support', 'reset', ['draft'])).toEqual(['password-reset'])
    expect((await searchIds(store, 'cloud-support', 'reset', ['draft', 'retired'])).sort()).toEqual([
      'password-reset',
      'printer-offline'
    ])
    expect(store.entries('cloud-support', { statuses: ['draft'] }).map((entry) => entry.id)).toEqual([
      'password-reset'
    ])
    expect(store.entries('cloud-support')).toHaveLength(3)
    // Activating a draft moves it into the default search.
    await store.put({ ...password, status: 'active', version: 2 })
    expect(await searchIds(store, 'cloud-support', 'reset')).toEqual(['password-reset'])
    await store.close()
  })

  it('rejects an invalid entry with BAD_INPUT naming the field, and stores nothing', async () => {
    const store = await openStore(temp.dir)
    const error = await store.put({ ...vpn, title: '' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(VigilError)
    expect((error as VigilError).code).toBe(ErrorCode.badInput)
    expect((error as VigilError).message).toContain('title')
    const missing = { ...vpn } as Partial<KnowledgeEntry>
    delete missing.resolution
    await expect(store.put(missing as KnowledgeEntry)).rejects.toThrow(/resolution/)
    expect(store.count()).toBe(0)
    await store.close()
  })

  it('bumps counters and refuses unknown entries and negative results', async () => {
    const store = await openStore(temp.dir)
    await store.put(vpn)
    const updated = await store.bumpCounters('cloud-support', 'vpn-timeout', { shown: 2, dismissed: 1 })
    expect(updated.counters).toMatchObject({ shown: 2, dismissed: 1, adopted: 0 })
    expect(updated.updatedAt).toBe(vpn.updatedAt)
    await expect(store.bumpCounters('cloud-support', 'nope', { shown: 1 })).rejects.toMatchObject({
      code: ErrorCode.notFound
    })
    await expect(store.bumpCounters('cloud-support', 'vpn-timeout', { liked: -1 })).rejects.toMatchObject({
      code: ErrorCode.badInput
    })
    expect(store.get('cloud-support', 'vpn-timeout')?.counters.liked).toBe(0)
    await store.close()
  })

  it('persists every one of many concurrent puts and counter bumps', async () => {
    const store = await openStore(temp.dir, { compactEvery: 50 })
    await store.put(vpn)
    const writes: Array<Promise<unknown>> = []
    for (let i = 0; i < 200; i += 1) {
      writes.push(store.put(makeEntry({ id: `c${i}`, title: `Concurrent ${i}` })))
      writes.push(store.bumpCounters('cloud-support', 'vpn-timeout', { shown: 1 }))
    }
    await Promise.all(writes)
    expect(store.get('cloud-support', 'vpn-timeout')?.counters.shown).toBe(200)
    await store.close()

    const log = await readFile(join(temp.dir, 'cloud-support', 'entries.jsonl'), 'utf8')
    for (const line of log.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow()
    const reopened = await openStore(temp.dir)
    expect(reopened.problems()).toEqual([])
    expect(reopened.count()).toBe(201)
    expect(reopened.get('cloud-support', 'vpn-timeout')?.counters.shown).toBe(200)
    await reopened.close()
  })
})
