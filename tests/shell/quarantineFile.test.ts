import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { quarantineFile } from '../../src/main/shell/policy/quarantineFile'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-quarantine-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('quarantineFile', () => {
  it('moves the file aside under a timestamped name, keeping its content', () => {
    const path = join(dir, 'config.json')
    writeFileSync(path, '{ not json')
    const moved = quarantineFile(path, new Date('2026-03-02T09:15:00.000Z'))
    expect(moved).toBe(`${path}.corrupt-2026-03-02T09-15-00-000Z`)
    expect(existsSync(path)).toBe(false)
    expect(readFileSync(moved ?? '', 'utf8')).toBe('{ not json')
  })

  it('does nothing when there is no file', () => {
    expect(quarantineFile(join(dir, 'absent.json'), new Date())).toBeNull()
  })
})
