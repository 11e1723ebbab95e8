import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runIrcEval } from '../../../src/main/eval/irc/command'
import { runIrcEvaluation } from '../../../src/main/eval/irc/ircEval'
import { repoRoot } from '../../helpers/engineHarness'
import { useTempDirs } from '../../helpers/tempDir'
import { writeCorpus } from './corpusFixture'
import { captureIo } from '../../helpers/captureIo'

const tempDir = useTempDirs()
const devDir = join(repoRoot, '..', 'shared', 'data', 'ubuntu-irc', 'dev')
const haveDev = existsSync(devDir)

const REPORT_KEYS = [
  'messages',
  'threads',
  'skipped',
  'messagesPerSec',
  'p50LatencyMs',
  'p95LatencyMs',
  'wakeRate',
  'llmCalls',
  'rssMb',
  'seconds'
]

describe('vigil eval irc', () => {
  it('--json prints exactly one object with the report fields, counting the fixture threads', async () => {
    const capture = captureIo()
    expect(await runIrcEval(['--data', await writeCorpus(await tempDir()), '--json'], capture.io)).toBe(0)
    const lines = capture.stdout().trim().split('\n')
    expect(lines).toHaveLength(1)
    const report = JSON.parse(lines[0]!)
    expect(Object.keys(report)).toEqual(REPORT_KEYS)
    expect(report).toMatchObject({ messages: 5, threads: 2, skipped: 3, llmCalls: 0 })
    expect(capture.stderr()).toBe('')
  })

  it('prints a readable summary without --json, and fails on missing or malformed input', async () => {
    const dev = await writeCorpus(await tempDir())
    const capture = captureIo()
    expect(await runIrcEval(['--data', dev], capture.io)).toBe(0)
    expect(capture.stdout()).toMatch(/5 messages in 2 threads \(3 partial records skipped\)/)
    expect(capture.stdout()).toMatch(/throughput +[\d.]+ messages\/s/)
    await expect(runIrcEval([], capture.io)).rejects.toThrow('--data DIR is required')
    await writeFile(join(dev, '..', 'gold.dev.clusters.txt'), '2020-01-02_10 2 3\n')
    await expect(runIrcEval(['--data', dev], capture.io)).rejects.toThrow('line 1: file: expected "FILE:line')
  })

  it.skipIf(!haveDev)(
    `replays ${haveDev ? '' : '(skipped: the corpus is absent) '}../shared/data/ubuntu-irc/dev through the real engine, one decision per message`,
    async () => {
      const result = await runIrcEvaluation({ dataDir: devDir })
      const { report } = result
      expect(Object.keys(report)).toEqual(REPORT_KEYS)
      expect(report.messages).toBeGreaterThan(0)
      expect(report.threads).toBeGreaterThan(0)
      expect(report.wakeRate).toBeGreaterThanOrEqual(0)
      expect(report.wakeRate).toBeLessThanOrEqual(1)
      expect(report.llmCalls).toBe(0)
      expect(report.p95LatencyMs).toBeGreaterThanOrEqual(report.p50LatencyMs)
      expect(result.undecided).toBe(0)
      expect(result.decidedTwice).toBe(0)
      expect(result.warnings).toEqual([])
    }
  )
})
