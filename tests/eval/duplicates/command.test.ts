import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { duplicatesUsage, runDuplicatesEval } from '../../../src/main/eval/duplicates/command'
import { useTempDirs } from '../../helpers/tempDir'
import { issuesCsv, pairsCsv } from './issuesFixture'

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

describe('vigil eval duplicates', () => {
  const tempDir = useTempDirs()

  async function fixtureFiles(): Promise<string[]> {
    const dir = await tempDir()
    await writeFile(join(dir, 'bugs.csv'), issuesCsv())
    await writeFile(join(dir, 'pairs.csv'), pairsCsv())
    return ['--issues', join(dir, 'bugs.csv'), '--pairs', join(dir, 'pairs.csv')]
  }

  it('prints exactly one JSON object with --json, and names skipped pairs on stderr', async () => {
    const capture = captureIo()
    expect(await runDuplicatesEval([...(await fixtureFiles()), '--json'], capture.io)).toBe(0)
    const lines = capture.stdout().trim().split('\n')
    expect(lines).toHaveLength(1)
    const report = JSON.parse(lines[0]!)
    expect(Object.keys(report)).toEqual([
      'pairs',
      'skipped',
      'hitAt1',
      'hitAt5',
      'hitAt10',
      'mrr',
      'baselines',
      'seconds'
    ])
    expect(Object.keys(report.baselines.bm25)).toEqual([
      'pairs',
      'skipped',
      'hitAt1',
      'hitAt5',
      'hitAt10',
      'mrr'
    ])
    expect(report).toMatchObject({ pairs: 3, skipped: 1, hitAt5: 1 })
    expect(capture.stderr()).toBe('pairs.csv line 5 skipped: issue 99 not among the issues\n')
  })

  it('accepts several duplicates in one quoted field, and counts and names partial rows', async () => {
    const [, issues] = await fixtureFiles()
    const pairs = join(await tempDir(), 'pairs.csv')
    await writeFile(pairs, 'Issue id,Duplicate id\n2,"7, 1"\n4,\n6\n')
    const capture = captureIo()
    expect(await runDuplicatesEval(['--issues', issues!, '--pairs', pairs, '--json'], capture.io)).toBe(0)
    expect(JSON.parse(capture.stdout())).toMatchObject({ pairs: 1, skipped: 2, hitAt1: 1 })
    expect(capture.stderr()).toBe(
      'pairs.csv line 3 skipped: empty Duplicate id\n' +
        'pairs.csv line 4 skipped: 1 fields, the header has 2 (no "Duplicate id")\n'
    )
  })

  it('prints a table without --json', async () => {
    const capture = captureIo()
    expect(await runDuplicatesEval(await fixtureFiles(), capture.io)).toBe(0)
    expect(capture.stdout()).toMatch(/^3 pairs \(1 skipped\) among 9 issues, [\d.]+ s\n/)
    expect(capture.stdout()).toMatch(/\nVigil\s+1\.000\s+1\.000\s+1\.000\s+1\.000\n/)
    expect(capture.stdout()).toMatch(/\nBM25\s/)
  })

  it('refuses missing files and bad options with the usage', async () => {
    const capture = captureIo()
    await expect(runDuplicatesEval(['--issues', 'x.csv'], capture.io)).rejects.toThrow(duplicatesUsage)
    await expect(runDuplicatesEval(['--bogus'], capture.io)).rejects.toThrow("Unknown option '--bogus'")
    const files = await fixtureFiles()
    await expect(runDuplicatesEval([...files, '--candidates', '0'], capture.io)).rejects.toThrow(
      '--candidates must be a whole number from 1 to 10000, not "0"'
    )
  })
})
