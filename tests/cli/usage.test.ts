import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { useTempDirs } from '../helpers/tempDir'

function captureIo() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) }
    },
    stdout: () => out.join(''),
    stderr: () => err.join('')
  }
}

describe('vigil help and an unusable --data-dir', () => {
  const tempDir = useTempDirs()

  it('shows a command’s help and exits 0', async () => {
    const capture = captureIo()
    expect(await main(['help', 'replay'], capture.io)).toBe(0)
    expect(capture.stdout()).toContain('vigil replay')
  })

  it('exits non-zero on an unknown help topic and names it', async () => {
    const capture = captureIo()
    expect(await main(['help', 'bogus'], capture.io)).toBe(2)
    expect(capture.stderr()).toContain('there is no command "bogus"')
    expect(capture.stdout()).toBe('')
  })

  it('refuses a --data-dir that cannot be created, at once and with the reason', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a-file')
    await writeFile(file, 'not a folder')
    const capture = captureIo()
    const code = await main(
      ['replay', '--demo', '--speed', 'max', '--data-dir', join(file, 'data')],
      capture.io
    )
    expect(code).toBe(2)
    expect(capture.stderr()).toMatch(/data folder .* cannot be used \(ENOTDIR\)/)
  })
})
