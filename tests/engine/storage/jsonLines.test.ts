/**
 * The engine's append-only files heal a torn last record (kept aside, reported once), name damage in the middle
 * with its line and never overwrite it, and leave the file as it was when a write fails.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  JsonLinesWriter,
  openJsonLines,
  readJsonLines,
  writeJsonAtomic
} from '../../../src/main/engine/storage/jsonLines'
import { EventLog } from '../../../src/main/engine/storage/eventLog'
import { SuggestionLog } from '../../../src/main/engine/storage/suggestionLog'
import { LearningJournal } from '../../../src/main/engine/storage/learningJournal'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()
const Row = z.object({ n: z.number() })
const tornFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.includes('.torn-'))

describe('JSON Lines files', () => {
  it('moves a torn last record aside, reports it, and appends on a clean line', async () => {
    const dir = await tempDir()
    const file = join(dir, 'rows.jsonl')
    writeFileSync(file, '{"n":1}\n{"n":2}\n{"n":3')
    const opened = await openJsonLines(file, Row)
    expect(opened.records).toEqual([{ n: 1 }, { n: 2 }])
    expect(opened.torn).toMatchObject({ file, line: 3, bytes: 6 })
    expect(readFileSync(opened.torn!.keptAt, 'utf8')).toBe('{"n":3')
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    await new JsonLinesWriter(file).append({ n: 4 })
    expect(await readJsonLines(file, Row)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }])
    // Reported once: the next open finds a clean file.
    expect((await openJsonLines(file, Row)).torn).toBeNull()
  })

  it('names a damaged line in the middle and leaves the file untouched', async () => {
    const dir = await tempDir()
    const file = join(dir, 'rows.jsonl')
    const content = '{"n":1}\n{"n":\n{"n":3}\n{"n":4'
    writeFileSync(file, content)
    await expect(openJsonLines(file, Row)).rejects.toThrow(`${file} line 2: invalid JSON`)
    // The person reading it learns what to do, and that nothing was changed.
    await expect(openJsonLines(file, Row)).rejects.toThrow(
      /has not changed the file; repair or delete that line/
    )
    await expect(readJsonLines(file, Row)).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
    expect(readFileSync(file, 'utf8')).toBe(content)
    expect(tornFiles(dir)).toEqual([])
  })

  it('a writer repairs a torn tail itself before its first append (history read-only until then)', async () => {
    const dir = await tempDir()
    const file = join(dir, 'history.jsonl')
    writeFileSync(file, '{"n":1}\n{"n":2')
    // A reader skips the fragment: it was never acknowledged.
    expect(await readJsonLines(file, Row)).toEqual([{ n: 1 }])
    const reported: string[] = []
    const writer = new JsonLinesWriter(file, (torn) => reported.push(torn.keptAt))
    await writer.append({ n: 3 })
    await writer.append({ n: 4 })
    await writer.close()
    expect(reported).toHaveLength(1)
    expect(readFileSync(reported[0]!, 'utf8')).toBe('{"n":2')
    expect(await readJsonLines(file, Row)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }])
  })

  it('keeps a complete last record that only lost its newline', async () => {
    const dir = await tempDir()
    const file = join(dir, 'rows.jsonl')
    writeFileSync(file, '{"n":1}\n{"n":2}')
    await new JsonLinesWriter(file).append({ n: 3 })
    expect(await readJsonLines(file, Row)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
    expect(tornFiles(dir)).toEqual([])
  })

  it('a failed write surfaces as STORAGE_FAILED and leaves the previous content', async () => {
    const dir = await tempDir()
    // /dev/full accepts the open and fails every write with ENOSPC, like a full disk.
    if (!existsSync('/dev/full')) return
    const writer = new JsonLinesWriter('/dev/full')
    await expect(writer.append({ n: 1 })).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      message: expect.stringContaining('ENOSPC')
    })
    const file = join(dir, 'state.json')
    await writeJsonAtomic(file, { keep: true })
    // A file where the folder should be fails the write (ENOTDIR) the way a read-only folder does.
    writeFileSync(join(dir, 'sub'), 'not a folder')
    await expect(writeJsonAtomic(join(dir, 'sub', 'state.json'), { n: 1 })).rejects.toMatchObject({
      code: 'STORAGE_FAILED'
    })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ keep: true })
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})

describe('the engine logs', () => {
  const event = (n: number): string =>
    JSON.stringify({
      connectorId: 'demo',
      event: {
        type: 'ticket.resolved',
        eventId: `e${n}`,
        ticketId: 't1',
        at: '2026-01-01T00:00:00.000Z'
      }
    })

  it('events.jsonl, suggestions.jsonl and learned.jsonl open past a torn last record and report it', async () => {
    const dir = await tempDir()
    const events = join(dir, 'events.jsonl')
    writeFileSync(events, `${event(1)}\n${event(2).slice(0, 40)}`)
    const reported: string[] = []
    const opened = await EventLog.open(events, (message) => reported.push(message))
    expect(opened.events.map((record) => record.event.eventId)).toEqual(['e1'])
    expect(reported).toEqual([expect.stringContaining(`${events} line 2: an unfinished last record`)])

    const suggestions = join(dir, 'suggestions.jsonl')
    writeFileSync(suggestions, '{"type":"sugg')
    const log = await SuggestionLog.open(suggestions, (message) => reported.push(message))
    expect(log.suggestions).toEqual([])

    const learned = join(dir, 'learned.jsonl')
    writeFileSync(learned, '{"eventId":"e1"}\n{"eventId":"e')
    const journal = await LearningJournal.open(learned, ['e1', 'e2'], (message) => reported.push(message))
    expect(journal.has('e1')).toBe(true)
    expect(journal.has('e2')).toBe(false)
    expect(reported).toHaveLength(3)
    expect(tornFiles(dir)).toHaveLength(3)
  })
})
