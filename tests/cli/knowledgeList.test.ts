/** `vigil knowledge list` reads a data folder's knowledge without an engine, one JSON object per entry. */
import { appendFileSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { call, runToEnd } from '../helpers/engineHarness'
import { useTempDirs } from '../helpers/tempDir'
import type { KnowledgeEntry } from '../../src/shared/domain'
import { captureIo } from '../helpers/captureIo'
import { KnowledgeStore } from '../../src/main/engine/knowledge/knowledgeStore'
import { makeEntry, recordingLogger } from '../engine/knowledge/fixtures'

const tempDir = useTempDirs()

describe('vigil knowledge list', () => {
  it('prints every stored entry with its fields, per team, and names a damaged folder', async () => {
    const dataDir = await tempDir()
    const run = await runToEnd(dataDir)
    const team = (await call<{ team: string }>(run.engine, 'engine.status')).team
    const stored = await call<KnowledgeEntry[]>(run.engine, 'knowledge.list', { team })
    await run.engine.stop()
    expect(stored.length).toBeGreaterThan(3)

    const all = captureIo()
    expect(await main(['knowledge', 'list', '--data-dir', dataDir, '--json'], all.io)).toBe(0)
    const lines = all
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const byId = new Map(lines.map((line) => [line.id, line]))
    expect(byId.size).toBe(stored.length)
    for (const entry of stored) {
      expect(byId.get(entry.id)).toEqual({
        id: entry.id,
        team: entry.team,
        title: entry.title,
        version: entry.version,
        status: entry.status,
        author: entry.author,
        sourceTicketIds: entry.sourceTicketIds
      })
    }

    const other = captureIo()
    await expect(
      main(['knowledge', 'list', '--data-dir', dataDir, '--team', 'nobody'], other.io)
    ).resolves.toBe(2)
    expect(other.stderr()).toContain('no team "nobody"')

    // A damaged line in the middle: the readable prefix is listed, the file and line named, exit 1, file untouched.
    const folder = readdirSync(join(dataDir, 'knowledge'))[0]!
    const log = join(dataDir, 'knowledge', folder, 'entries.jsonl')
    appendFileSync(log, '{"op":"put",\n{"op":"put"}\n')
    const before = readFileSync(log, 'utf8')
    const damaged = captureIo()
    expect(
      await main(['knowledge', 'list', '--data-dir', dataDir, '--team', team, '--json'], damaged.io)
    ).toBe(1)
    expect(damaged.stderr()).toMatch(/entries\.jsonl line \d+: invalid JSON/)
    expect(damaged.stderr()).toMatch(/is listed as it stood before that line/)
    expect(damaged.stdout().trim().split('\n')).toHaveLength(stored.length)
    expect(readFileSync(log, 'utf8')).toBe(before)
  }, 60_000)
})

describe('vigil knowledge list, a rejected draft', () => {
  it('lists it as a rejected draft, not as retired (it was never in use; vigil stats does not count it)', async () => {
    const dataDir = await tempDir()
    const store = await KnowledgeStore.open({ dir: join(dataDir, 'knowledge'), logger: recordingLogger() })
    await store.put(makeEntry({ id: 'kb-draft', status: 'retired', review: 'rejected' }))
    await store.put(makeEntry({ id: 'kb-old', status: 'retired' }))
    await store.close()
    const out = captureIo()
    expect(await main(['knowledge', 'list', '--data-dir', dataDir], out.io)).toBe(0)
    expect(out.stdout()).toMatch(/ kb-draft {2}v\d+ rejected-draft /)
    expect(out.stdout()).toMatch(/ kb-old {2}v\d+ retired /)
  })
})
