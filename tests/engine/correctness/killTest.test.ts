/**
 * Item 7, the kill test: a child process replays demo cases with learning, reactions and frequent compaction; it
 * is SIGKILLed at random moments and started again. After every restart each acknowledged entry version and
 * reaction is there and nothing is damaged; at the end no logged resolution is unlearned and the knowledge equals
 * an uninterrupted run's. Sized for CI; `vigil bench kill --trials 200` is the benchmark-sized run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runKillBench } from '../../../src/main/eval/kill/killTrials'
import { repoRoot } from '../../helpers/engineHarness'

const entry = join(repoRoot, 'tests', 'helpers', 'killWorkerEntry.ts')
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')
const cli = join(repoRoot, 'out', 'main', 'cli.js')

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name)
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/**
 * The worker's command line: the built CLI when it is newer than every source file (`npm test` builds first; it
 * starts in half the time), else the sources through tsx.
 */
function workerCommand(): (dataDir: string, cases: string) => string[] {
  const built = existsSync(cli) && statSync(cli).mtimeMs >= newest(join(repoRoot, 'src'))
  return built
    ? (dataDir, cases) => [
        process.execPath,
        join(repoRoot, 'bin', 'vigil.mjs'),
        'bench',
        'kill-worker',
        '--data-dir',
        dataDir,
        '--cases',
        cases
      ]
    : (dataDir, cases) => [process.execPath, '--import', tsx, entry, '--data-dir', dataDir, '--cases', cases]
}

describe('the kill test', () => {
  it('survives SIGKILL at random points: nothing acknowledged lost, nothing damaged, the same knowledge', async () => {
    const command = workerCommand()
    const report = await runKillBench({
      trials: 20,
      killsPerRun: 4,
      seed: 7,
      worker: (dataDir) => command(dataDir, '14')
    })
    expect(report.problems).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(20)
    expect(report).toMatchObject({
      startFailures: 0,
      lostEntryVersions: 0,
      lostReactions: 0,
      damaged: 0,
      finalMismatches: 0
    })
    // The work really was interrupted and acknowledged: the run learned and reacted before its kills.
    expect(report.referenceEntries).toBeGreaterThan(5)
    expect(report.acknowledged.entryVersions).toBeGreaterThan(0)
  }, 300_000)
})
