/** `vigil eval irc`: replays Ubuntu IRC support threads through the engine and reports speed and latency. */
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { CommandIo } from '../../cli/io'
import { runIrcEvaluation, type IrcEvalResult } from './ircEval'

export const ircUsage = `Usage: vigil eval irc --data DIR [--gold FILE] [--json]
  --data   a folder of the Ubuntu IRC corpus with *.raw.txt files (e.g. ../shared/data/ubuntu-irc/dev)
  --gold   its gold thread clusters (default: gold.<folder name>.clusters.txt in the folder's parent)
  --json   print one JSON object: messages, threads, skipped, messagesPerSec, p50LatencyMs,
           p95LatencyMs, wakeRate, llmCalls, rssMb, seconds
Each gold thread is replayed as one ticket of team "ubuntu" at full speed through the real connector,
watcher and pipeline, in a temporary data folder. Latency runs from the moment the connector yields a
message to the engine's decision about it.
`

export async function runIrcEval(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        data: { type: 'string' },
        gold: { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    }))
  } catch (error) {
    throw new VigilError(ErrorCode.badInput, `${(error as Error).message}\n${ircUsage}`)
  }
  if (!values.data) throw new VigilError(ErrorCode.badInput, `--data DIR is required\n${ircUsage}`)
  const dataDir = resolve(values.data)
  const result = await runIrcEvaluation({
    dataDir,
    goldFile: values.gold ? resolve(values.gold) : undefined
  })
  io.stdout.write(values.json ? `${JSON.stringify(result.report)}\n` : summary(basename(dataDir), result))
  if (result.undecided || result.decidedTwice) {
    io.stderr.write(
      `vigil eval irc: ${result.undecided} messages got no decision and ${result.decidedTwice} got more than one\n`
    )
    return 1
  }
  return 0
}

function summary(folder: string, { report, llmCallsCounted, warnings }: IrcEvalResult): string {
  const percent = (share: number): string => `${(share * 100).toFixed(1)}%`
  return [
    `Ubuntu IRC replay (${folder}): ${report.messages} messages in ${report.threads} threads ` +
      `(${report.skipped} partial records skipped), ${report.seconds} s`,
    `  throughput  ${report.messagesPerSec} messages/s`,
    `  latency     p50 ${report.p50LatencyMs} ms, p95 ${report.p95LatencyMs} ms (connector yield to decision)`,
    `  wake rate   ${percent(report.wakeRate)} of messages passed the wake gate`,
    `  LLM calls   ${report.llmCalls}${llmCallsCounted ? '' : ' (retrieval-only: the engine has no model runtime yet)'}`,
    `  peak RSS    ${report.rssMb} MiB`,
    ...(warnings.length ? [`  warnings    ${warnings.length}, first: ${warnings[0]}`] : []),
    ''
  ].join('\n')
}
