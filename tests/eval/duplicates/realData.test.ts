/** The real evaluation on the GitBugs Hadoop set in ../shared, where it is present. */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDuplicatesEval } from '../../../src/main/eval/duplicates/command'

const dataDir = resolve(__dirname, '../../../../shared/data/gitbugs-hadoop')
const issues = join(dataDir, 'hadoop_bugs.csv')
const pairs = join(dataDir, 'hadoop_bugs-train.csv')
const present = existsSync(issues) && existsSync(pairs)
const title = present
  ? 'vigil eval duplicates on GitBugs Hadoop'
  : `vigil eval duplicates on GitBugs Hadoop (skipped: ${dataDir} is absent)`

describe(title, () => {
  it.skipIf(!present)(
    'reports hit@k and MRR for Vigil and BM25 over the train pairs',
    async () => {
      let output = ''
      const io = { stdout: { write: (text: string) => (output += text) }, stderr: { write: () => true } }
      expect(await runDuplicatesEval(['--issues', issues, '--pairs', pairs, '--json'], io)).toBe(0)
      const report = JSON.parse(output)
      for (const system of [report, report.baselines.bm25]) {
        expect(system.pairs).toBeGreaterThan(90)
        expect(system.skipped).toBe(100 - system.pairs)
        for (const metric of ['hitAt1', 'hitAt5', 'hitAt10', 'mrr']) {
          expect(system[metric]).toBeGreaterThanOrEqual(0)
          expect(system[metric]).toBeLessThanOrEqual(1)
        }
        expect(system.hitAt1).toBeLessThanOrEqual(system.hitAt5)
        expect(system.hitAt5).toBeLessThanOrEqual(system.hitAt10)
      }
      expect(report.seconds).toBeGreaterThan(0)
      // About 10 s on two cores; the margin is for a loaded CI machine, not a performance claim.
    },
    90_000
  )
})
