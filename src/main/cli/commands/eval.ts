/** `vigil eval <set>`: reproducible evaluations on public support data, through the engine the app runs. */
import { ErrorCode, VigilError } from '../../../shared/errors'
import { cdpUsage, runCdpEval } from '../../eval/cdp/command'
import { duplicatesUsage, runDuplicatesEval } from '../../eval/duplicates/command'
import { ircUsage, runIrcEval } from '../../eval/irc/command'
import { runSafetyEval, safetyUsage } from '../../eval/safety/command'
import type { CommandIo } from '../io'

const evaluations: Record<
  string,
  { usage: string; run: (argv: string[], io: CommandIo) => Promise<number> }
> = {
  cdp: { usage: cdpUsage, run: runCdpEval },
  duplicates: { usage: duplicatesUsage, run: runDuplicatesEval },
  irc: { usage: ircUsage, run: runIrcEval },
  safety: { usage: safetyUsage, run: runSafetyEval }
}

export const evalUsage = `Usage: vigil eval <${Object.keys(evaluations).join('|')}> [options]\n\n${Object.values(
  evaluations
)
  .map((evaluation) => evaluation.usage)
  .join('\n')}`

export async function runEval(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv
  const evaluation = name ? evaluations[name] : undefined
  if (!evaluation)
    throw new VigilError(ErrorCode.badInput, `unknown evaluation "${name ?? ''}"\n${evalUsage}`)
  if (rest.includes('--help')) {
    io.stdout.write(evaluation.usage)
    return 0
  }
  return evaluation.run(rest, io)
}
