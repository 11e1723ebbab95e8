/** A connector cursor is saved only after the event log is synced, so a durable cursor never outruns the log. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CursorStore } from '../../../src/main/engine/storage/cursorStore'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

describe('cursor writes', () => {
  it('run the event log sync first, every time', async () => {
    const dir = await tempDir()
    const file = join(dir, 'cursors.json')
    const seenAtSync: Array<string | null> = []
    const store = await CursorStore.open(file, () =>
      seenAtSync.push(existsSync(file) ? readFileSync(file, 'utf8') : null)
    )
    await store.set('demo', '1')
    await store.set('demo', '2')
    expect(seenAtSync).toHaveLength(2)
    expect(seenAtSync[0]).toBeNull()
    expect(JSON.parse(seenAtSync[1]!)).toEqual({ demo: '1' })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ demo: '2' })
  })
})
