import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/index'
import { runServe } from '../../src/main/serve/serveCommand'
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

  it.skipIf(process.platform !== 'linux')(
    'refuses /proc itself (a folder that exists but takes no files) in words, for replay, serve and bench soak',
    async () => {
      const reason =
        'the data folder /proc cannot be used: the system takes no files in it (a folder such as /proc or /sys)'
      for (const args of [
        ['replay', '--demo', '--speed', 'max', '--data-dir', '/proc'],
        ['bench', 'soak', '--tickets', '2', '--messages', '2', '--data-dir', '/proc']
      ]) {
        const capture = captureIo()
        expect(await main(args, capture.io), args.join(' ')).toBe(2)
        expect(capture.stderr(), args.join(' ')).toContain(reason)
      }
      const serve = captureIo()
      expect(await runServe({ dataDir: '/proc', port: 0, demo: true }, serve.io)).toBe(2)
      expect(serve.stderr()).toContain(reason)
    },
    10_000
  )

  it.skipIf(process.platform !== 'linux')(
    'refuses a bench soak folder under /proc at once instead of hanging',
    async () => {
      const capture = captureIo()
      const args = ['bench', 'soak', '--tickets', '2', '--messages', '2', '--data-dir', '/proc/nope/x']
      expect(await main(args, capture.io)).toBe(2)
      expect(capture.stderr()).toContain('/proc/nope/x cannot be used: folders cannot be created there')
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

describe('vigil --version', () => {
  it("prints package.json's version for --version and version", async () => {
    const { version } = JSON.parse(await readFile(join(__dirname, '../../package.json'), 'utf8')) as {
      version: string
    }
    for (const argv of [['--version'], ['version']]) {
      const capture = captureIo()
      expect(await main(argv, capture.io)).toBe(0)
      expect(capture.stdout()).toBe(`vigil ${version}\n`)
    }
  })
})

describe('usage errors exit 2', () => {
  const tempDir = useTempDirs()

  it('a command that needs a subcommand and got none prints its usage on stderr', async () => {
    for (const command of ['eval', 'bench', 'knowledge']) {
      const capture = captureIo()
      expect(await main([command], capture.io)).toBe(2)
      expect(capture.stdout()).toBe('')
      expect(capture.stderr()).toContain(`Usage: vigil ${command}`)
    }
    const help = captureIo()
    expect(await main(['eval', '--help'], help.io)).toBe(0)
    expect(help.stdout()).toContain('Usage: vigil eval')
  })

  it('an unusable --data-dir exits 2 for serve, replay, stats, sync and knowledge list alike', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a-file')
    await writeFile(file, 'not a folder')
    const runs: Array<[string, (io: ReturnType<typeof captureIo>['io']) => Promise<number>]> = [
      ['serve', (io) => runServe({ dataDir: join(file, 'data'), port: 0, demo: false }, io)],
      ['replay', (io) => main(['replay', '--demo', '--speed', 'max', '--data-dir', join(file, 'data')], io)],
      ['stats', (io) => main(['stats', '--data-dir', file], io)],
      ['sync', (io) => main(['sync', '--data-dir', file], io)],
      ['knowledge list', (io) => main(['knowledge', 'list', '--data-dir', file], io)]
    ]
    for (const [name, run] of runs) {
      const capture = captureIo()
      expect([name, await run(capture.io)]).toEqual([name, 2])
      expect(capture.stderr()).toMatch(/a file is in the way of it|is a file, not a data folder/)
    }
  })

  it('says what bench measures beyond the model path', async () => {
    const capture = captureIo()
    await main(['help'], capture.io)
    const bench = capture.stdout().split('\n  bench')[1]!.split('\n  stats')[0]!
    for (const part of ['model', 'knowledge', 'sync', 'soak', 'kill']) expect(bench).toContain(part)
  })
})
