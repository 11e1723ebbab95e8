/** `vigil bench sync --entries N [--json]`: team knowledge sync timings (see eval/bench/syncBench.ts). */
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { benchSync } from '../../eval/bench/syncBench'
import type { CommandIo } from '../io'

export const syncBenchUsage = `Usage: vigil bench sync [--entries N] [--json]
  Team knowledge sync through a git server on loopback (system git's http-backend): first push and first clone of
  N entries (default 20000; target clone <= 10 s), and a sync that merges 100 changed entries from each side
  (target <= 1.5 s).
`

const targets = { firstCloneMs: 10_000, mergeMs: 1_500 }

export async function runSyncBench(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { entries: { type: 'string', default: '20000' }, json: { type: 'boolean', default: false } }
    }).values
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${(error as Error).message}\n${syncBenchUsage}`)
  }
  const entries = Number(values.entries)
  if (!Number.isInteger(entries) || entries < 200) {
    throw new VigilError(
      ErrorCode.badInput,
      `--entries must be a whole number of at least 200, not "${values.entries}"`
    )
  }
  const result = await benchSync(entries)
  const met = {
    firstClone: result.firstCloneMs <= targets.firstCloneMs,
    merge: result.mergeMs <= targets.mergeMs
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ...result, targets, met })}\n`)
  } else {
    io.stdout.write(
      `${entries} entries: first push ${result.firstPushMs} ms, first clone ${result.firstCloneMs} ms (target <= ${targets.firstCloneMs}; searchable after ${result.firstCloneSearchReadyMs} ms), ` +
        `push of 100 ${result.pushChangesMs} ms, merge of 100 + 100 ${result.mergeMs} ms (target <= ${targets.mergeMs}), ` +
        `pull ${result.pullMs} ms, converged: ${result.converged} ` +
        `(CPU of this process: clone ${result.cpuMs['firstClone']} ms, merge ${result.cpuMs['merge']} ms)\n`
    )
  }
  return result.converged ? 0 : 1
}
