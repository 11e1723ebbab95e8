/** What the store does with files it cannot trust: it reports them, keeps them byte-for-byte, and refuses writes. */
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { makeEntry, makeTempDir, openStore, recordingLogger } from './fixtures'
import { KnowledgeStore } from '../../../src/main/engine/knowledge/knowledgeStore'

let temp: Awaited<ReturnType<typeof makeTempDir>>
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(async () => {
  await temp.remove()
})

/** Two teams with three entries each, written by the store itself, without compaction. */
async function seed(): Promise<void> {
  const store = await openStore(temp.dir, { compactEvery: 1000 })
  for (const team of ['cloud-support', 'billing']) {
    for (let i = 1; i <= 3; i += 1) {
      await store.put(makeEntry({ id: `${team}-${i}`, team, title: `Invoice mismatch ${i}` }))
    }
  }
  await store.close()
}

const logOf = (team: string) => join(temp.dir, team, 'entries.jsonl')

async function replaceLine(file: string, lineIndex: number, text: string): Promise<void> {
  const lines = (await readFile(file, 'utf8')).split('\n')
  lines[lineIndex] = text
  await writeFile(file, lines.join('\n'))
}

async function snapshotFolder(folder: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {}
  for (const name of await readdir(folder)) files[name] = await readFile(join(folder, name))
  return files
}

describe('KnowledgeStore with damaged files', () => {
  it('reports a corrupt log line with file and line, leaves the files untouched and refuses writes for that team only', async () => {
    await seed()
    await replaceLine(logOf('cloud-support'), 1, '{"op":"put","entry":{"id":')
    const before = await snapshotFolder(join(temp.dir, 'cloud-support'))

    const logger = recordingLogger()
    const store = await KnowledgeStore.open({ dir: temp.dir, logger })
    expect(store.problems()).toEqual([
      {
        team: 'cloud-support',
        file: logOf('cloud-support'),
        message: 'knowledge/cloud-support/entries.jsonl line 2: invalid JSON'
      }
    ])
    expect(logger.lines.some((line) => line.level === 'error')).toBe(true)
    // What was read before the bad line is still served, read-only.
    expect(store.entries('cloud-support').map((entry) => entry.id)).toEqual(['cloud-support-1'])

    const refused = { code: ErrorCode.knowledgeUnavailable }
    await expect(store.put(makeEntry({ id: 'new', team: 'cloud-support' }))).rejects.toMatchObject(refused)
    await expect(store.bumpCounters('cloud-support', 'cloud-support-1', { shown: 1 })).rejects.toMatchObject(
      refused
    )
    await expect(store.compact('cloud-support')).rejects.toMatchObject(refused)

    await store.put(makeEntry({ id: 'billing-4', team: 'billing', title: 'Invoice duplicated' }))
    const hits = await store.search('billing', 'invoice', { limit: 10 })
    expect(hits.map((hit) => hit.entry.id).sort()).toEqual([
      'billing-1',
      'billing-2',
      'billing-3',
      'billing-4'
    ])
    await store.close()

    expect(await snapshotFolder(join(temp.dir, 'cloud-support'))).toEqual(before)
  })

  it('names the field when a record fails the schema', async () => {
    await seed()
    const lines = (await readFile(logOf('billing'), 'utf8')).split('\n')
    const record = JSON.parse(lines[2] ?? '') as { entry: { status: string } }
    record.entry.status = 'archived'
    await replaceLine(logOf('billing'), 2, JSON.stringify(record))

    const store = await openStore(temp.dir)
    const [problem] = store.problems()
    expect(problem?.team).toBe('billing')
    expect(problem?.message).toMatch(
      /^knowledge\/billing\/entries\.jsonl line 3: invalid record: entry\.status: /
    )
    await expect(store.put(makeEntry({ id: 'x', team: 'billing' }))).rejects.toMatchObject({
      code: ErrorCode.knowledgeUnavailable
    })
    await store.close()
  })

  it('reports a corrupt snapshot line and keeps the snapshot and log untouched', async () => {
    const store = await openStore(temp.dir, { compactEvery: 1000 })
    for (let i = 1; i <= 3; i += 1) await store.put(makeEntry({ id: `e${i}` }))
    await store.compact('cloud-support')
    await store.put(makeEntry({ id: 'e4' }))
    await store.close()
    await replaceLine(
      join(temp.dir, 'cloud-support', 'snapshot.jsonl'),
      2,
      '{"id":"e3","team":"cloud-support"}'
    )
    const before = await snapshotFolder(join(temp.dir, 'cloud-support'))

    const reopened = await openStore(temp.dir)
    expect(reopened.problems()[0]?.message).toMatch(
      /^knowledge\/cloud-support\/snapshot\.jsonl line 3: invalid entry: /
    )
    await expect(reopened.put(makeEntry({ id: 'e5' }))).rejects.toMatchObject({
      code: ErrorCode.knowledgeUnavailable
    })
    await reopened.close()
    expect(await snapshotFolder(join(temp.dir, 'cloud-support'))).toEqual(before)
  })

  it('reports a counters record for an entry that does not exist', async () => {
    await seed()
    await writeFile(
      logOf('billing'),
      (await readFile(logOf('billing'), 'utf8')) +
        JSON.stringify({ op: 'counters', id: 'ghost', counters: makeEntry({ id: 'ghost' }).counters }) +
        '\n'
    )
    const store = await openStore(temp.dir)
    expect(store.problems()[0]?.message).toBe(
      'knowledge/billing/entries.jsonl line 4: counters for unknown entry ghost'
    )
    await store.close()
  })

  it('reports a team folder whose team.json is broken or missing instead of guessing its team', async () => {
    await seed()
    await writeFile(join(temp.dir, 'cloud-support', 'team.json'), '')
    await unlink(join(temp.dir, 'billing', 'team.json'))
    const store = await openStore(temp.dir)
    expect(store.problems().map((problem) => problem.message)).toEqual([
      'knowledge/billing/team.json is missing, so it is unknown which team this folder holds',
      'knowledge/cloud-support/team.json: invalid JSON'
    ])
    for (const team of ['cloud-support', 'billing']) {
      await expect(store.put(makeEntry({ id: 'n', team }))).rejects.toMatchObject({
        code: ErrorCode.knowledgeUnavailable
      })
    }
    await store.close()
  })

  it('recovers a torn last line: loads what is complete, moves the torn bytes aside before the next append', async () => {
    await seed()
    const log = logOf('cloud-support')
    const complete = await readFile(log, 'utf8')
    const torn = '{"op":"put","entry":{"id":"half-writ'
    await writeFile(log, complete + torn)

    const store = await openStore(temp.dir)
    expect(store.problems()).toEqual([])
    expect(store.count()).toBe(6)
    // Loading alone changes nothing on disk.
    expect(await readFile(log, 'utf8')).toBe(complete + torn)

    await store.put(makeEntry({ id: 'after-crash', title: 'Written after the crash' }))
    await store.close()
    expect(await readFile(join(temp.dir, 'cloud-support', 'entries.jsonl.torn'), 'utf8')).toBe(torn + '\n')
    const repaired = await readFile(log, 'utf8')
    expect(repaired.startsWith(complete)).toBe(true)
    expect(repaired.split('\n').filter(Boolean)).toHaveLength(4)

    const reopened = await openStore(temp.dir)
    expect(reopened.problems()).toEqual([])
    expect(reopened.get('cloud-support', 'after-crash')?.title).toBe('Written after the crash')
    expect(reopened.count()).toBe(7)
    await reopened.close()
  })

  it('keeps a complete last record that lost only its newline, and appends after it on a new line', async () => {
    await seed()
    const log = logOf('billing')
    await writeFile(log, (await readFile(log, 'utf8')).replace(/\n$/, ''))
    const store = await openStore(temp.dir)
    expect(store.problems()).toEqual([])
    expect(store.get('billing', 'billing-3')).toBeDefined()
    await store.put(makeEntry({ id: 'billing-4', team: 'billing' }))
    await store.close()
    const reopened = await openStore(temp.dir)
    expect(reopened.problems()).toEqual([])
    expect(reopened.entries('billing')).toHaveLength(4)
    await reopened.close()
  })

  it('treats an unterminated last line that parses but fails the schema as corruption, not as a torn write', async () => {
    await seed()
    const log = logOf('billing')
    await writeFile(log, (await readFile(log, 'utf8')) + '{"op":"delete"}')
    const store = await openStore(temp.dir)
    expect(store.problems()[0]?.message).toMatch(/^knowledge\/billing\/entries\.jsonl line 4: invalid record/)
    await store.close()
  })

  it('refuses writes when two folders claim the same team', async () => {
    await seed()
    await mkdir(join(temp.dir, 'billing-copy'))
    await writeFile(
      join(temp.dir, 'billing-copy', 'team.json'),
      JSON.stringify({ format: 1, team: 'billing' })
    )
    const store = await openStore(temp.dir)
    expect(store.problems()[0]?.message).toContain('holds team "billing", which folder billing holds too')
    await expect(store.put(makeEntry({ id: 'b', team: 'billing' }))).rejects.toMatchObject({
      code: ErrorCode.knowledgeUnavailable
    })
    expect(store.entries('billing')).toHaveLength(3)
    await store.close()
  })
})
