import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readJsonLines } from '../../../src/main/engine/storage/jsonLines'
import { LearningJournal } from '../../../src/main/engine/storage/learningJournal'

const Line = z.object({ eventId: z.string() })
let dir: string
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'vigil-torn-'))))
afterEach(async () => rm(dir, { recursive: true, force: true }))

describe('a JSON Lines file whose last append a kill cut short', () => {
  it('is read up to its last whole line; its owner cuts the torn part off and appends on a line of its own', async () => {
    const file = join(dir, 'learned.jsonl')
    await writeFile(file, '{"eventId":"a"}\n{"eventId":"b"}\n{"eventId":"c', 'utf8')
    // A reader that does not own the file (vigil stats) leaves it as it is.
    expect(await readJsonLines(file, Line)).toEqual([{ eventId: 'a' }, { eventId: 'b' }])
    expect(await readFile(file, 'utf8')).toContain('"c')

    const journal = await LearningJournal.open(file, ['a', 'b', 'c', 'd'])
    expect([journal.has('a'), journal.has('b'), journal.has('c')]).toEqual([true, true, false])
    await journal.learnedFrom('d')
    await journal.close()
    expect(await readFile(file, 'utf8')).toBe('{"eventId":"a"}\n{"eventId":"b"}\n{"eventId":"d"}\n')
    const reopened = await LearningJournal.open(file, ['a', 'b', 'c', 'd'])
    expect(['a', 'b', 'c', 'd'].filter((id) => reopened.has(id))).toEqual(['a', 'b', 'd'])
    await reopened.close()
  })

  it('keeps a last line that is whole JSON without its newline, and still refuses a damaged line inside', async () => {
    const file = join(dir, 'x.jsonl')
    await writeFile(file, '{"eventId":"a"}\n{"eventId":"b"}', 'utf8')
    expect(await readJsonLines(file, Line, { owner: true })).toHaveLength(2)
    await writeFile(file, '{"eventId":"a"}\n{"eventId":\n{"eventId":"b"}\n', 'utf8')
    await expect(readJsonLines(file, Line, { owner: true })).rejects.toThrow(/line 2: invalid JSON/)
    expect(await readFile(file, 'utf8')).toBe('{"eventId":"a"}\n{"eventId":\n{"eventId":"b"}\n')
  })
})
