/**
 * Item 7, the kill test: a child process replays demo cases with learning, reactions and frequent compaction; it
 * is SIGKILLed at random moments and started again. After every restart each acknowledged entry version and
 * reaction is there and nothing is damaged; at the end no logged resolution is unlearned and the knowledge equals
 * an uninterrupted run's. Sized for CI; `vigil bench kill --trials 200` is the benchmark-sized run.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runKillBench } from '../../../src/main/eval/kill/killTrials'
import { repoRoot } from '../../helpers/engineHarness'

const entry = join(repoRoot, 'tests', 'helpers', 'killWorkerEntry.ts')
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')

describe('the kill test', () => {
  it('survives SIGKILL at random points: nothing acknowledged lost, nothing damaged, the same knowledge', async () => {
    const report = await runKillBench({
      trials: 20,
      killsPerRun: 4,
      seed: 7,
      worker: (dataDir) => [process.execPath, '--import', tsx, entry, '--data-dir', dataDir, '--cases', '14']
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
