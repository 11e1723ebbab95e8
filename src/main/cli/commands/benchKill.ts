/**
 * `vigil bench kill`: the kill test at benchmark size (eval/kill). It starts `vigil bench kill-worker` (this same
 * command line's program) in fresh data folders, SIGKILLs it at random points of its replay, restarts it and checks
 * what survived; it prints what it found and exits 1 when anything acknowledged was lost, damaged or learned
 * differently from an uninterrupted run.
 */
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { runKillBench } from '../../eval/kill/killTrials'
import { runKillWorker } from '../../eval/kill/killWorker'
import { defaultResourcesDir } from '../../headless/nodeHost'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const benchKillUsage = `Usage: vigil bench kill [--trials 200] [--cases 14] [--seed 1] [--json]
  Replays the first --cases demo cases in a child process with learning, reactions and frequent compaction,
  SIGKILLs it at random points (--trials kills in all, up to 4 per data folder), restarts it and checks: it starts,
  every acknowledged entry version and reaction is there, nothing is damaged, no logged resolution stays
  unlearned, and the final knowledge equals an uninterrupted run's (same entries, same source tickets).
`

export async function runBenchKill(argv: string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        trials: { type: 'string', default: '200' },
        cases: { type: 'string', default: '14' },
        seed: { type: 'string', default: '1' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    })
  } catch (error) {
    throw argumentError(error, benchKillUsage)
  }
  const { values, positionals } = parsed
  const cases = whole('cases', values.cases, 1)
  if (positionals[0] === 'kill-worker') {
    if (!values['data-dir']) throw new VigilError(ErrorCode.badInput, '--data-dir is required')
    return runKillWorker({ dataDir: values['data-dir'], resourcesDir: defaultResourcesDir(), cases }, io)
  }
  const program = process.argv[1]
  if (!program) throw new VigilError(ErrorCode.badInput, 'vigil bench kill must be run as a command')
  const report = await runKillBench({
    trials: whole('trials', values.trials, 1),
    seed: whole('seed', values.seed, 0),
    killsPerRun: 4,
    worker: (dataDir) => [
      process.execPath,
      program,
      'bench',
      'kill-worker',
      '--data-dir',
      dataDir,
      '--cases',
      String(cases)
    ]
  })
  const failed =
    report.startFailures +
    report.lostEntryVersions +
    report.lostReactions +
    report.damaged +
    report.unfinishedRuns +
    report.finalMismatches
  if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`)
  else
    io.stdout.write(
      [
        `kills ${report.kills} (restarts ${report.restarts}, data folders ${report.runs}) in ${(report.wallMs / 1000).toFixed(1)} s`,
        `acknowledged: ${report.acknowledged.entryVersions} entry versions, ${report.acknowledged.reactions} reactions`,
        `start failures ${report.startFailures}, lost entry versions ${report.lostEntryVersions}, lost reactions ${report.lostReactions}, damaged ${report.damaged}, unfinished ${report.unfinishedRuns}, final mismatches ${report.finalMismatches}`,
        ...report.problems.map((problem) => `  ${problem}`),
        ''
      ].join('\n')
    )
  return failed > 0 ? 1 : 0
}

function whole(flag: string, text: string, min: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min)
    throw new VigilError(
      ErrorCode.badInput,
      `--${flag} must be a whole number of at least ${min}, not "${text}"`
    )
  return value
}
