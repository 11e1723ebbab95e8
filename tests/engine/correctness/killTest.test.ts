/**
 * Item 7, the kill test: a child process replays demo cases with learning, reactions and frequent compaction; it
 * is SIGKILLed at random moments and started again. After every restart it starts, each acknowledged entry version
 * and reaction is there and nothing is damaged; at the end no logged resolution is unlearned. Sized for CI (a few
 * kills, the built CLI); `vigil bench kill --trials 200` is the benchmark-sized run, and it also compares the final
 * knowledge with an uninterrupted run's (a restart can learn cases in another order; reported there, not here).
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
  it('survives SIGKILL at random points: it starts, nothing acknowledged lost, nothing damaged or unlearned', async () => {
    const command = workerCommand()
    const report = await runKillBench({
      trials: 6,
      killsPerRun: 3,
      seed: 7,
      worker: (dataDir) => command(dataDir, '10')
    })
    const invariants = report.problems.filter((problem) => !/ end: (missing|unexpected): /.test(problem))
    expect(invariants).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(6)
    expect(report).toMatchObject({
      startFailures: 0,
      lostEntryVersions: 0,
      lostReactions: 0,
      damaged: 0,
      unfinishedRuns: 0
    })
    // The work really was interrupted and acknowledged: the run learned and reacted before its kills.
    expect(report.referenceEntries).toBeGreaterThan(3)
    expect(report.acknowledged.entryVersions).toBeGreaterThan(0)
  }, 120_000)
})
