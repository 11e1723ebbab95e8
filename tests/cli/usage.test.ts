import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { useTempDirs } from '../helpers/tempDir'
import { captureIo } from '../helpers/captureIo'

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
    expect(capture.stderr()).toMatch(/data folder .* cannot be used: a file is in the way of it/)
  })
})

describe('a data folder under /proc', () => {
  it.skipIf(process.platform !== 'linux')(
    'fails at once with the reason instead of hanging',
    async () => {
      const err: string[] = []
      const io = { stdout: { write: () => true }, stderr: { write: (text: string) => err.push(text) } }
      expect(await main(['replay', '--demo', '--speed', 'max', '--data-dir', '/proc/nope/x'], io)).toBe(2)
      expect(err.join('')).toContain('/proc/nope/x cannot be used: folders cannot be created there')
    },
    10_000
  )
})

describe('vigil --help', () => {
  it('lists the commands briefly, and every option only on "vigil help all"', async () => {
    const short: string[] = []
    const all: string[] = []
    const io = (sink: string[]) => ({
      stdout: { write: (text: string) => sink.push(text) },
      stderr: { write: () => true }
    })
    expect(await main(['--help'], io(short))).toBe(0)
    expect(await main(['help', 'all'], io(all))).toBe(0)
    expect(short.join('')).toContain('Usage: vigil <command>')
    expect(short.join('')).not.toContain('Usage: vigil replay')
    expect(short.join('').split('\n').length).toBeLessThan(40)
    expect(all.join('')).toContain('Usage: vigil replay')
  })
})
