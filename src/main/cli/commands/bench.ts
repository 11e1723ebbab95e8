/**
 * `vigil bench model`: what the model path costs, measured against a local scripted OpenAI-compatible server with a
 * set latency (see eval/bench/modelBench.ts). A benchmark, not a test: it prints numbers, it does not judge them,
 * except the one target the project set (other tickets wait under 1 s while one ticket's model call is slow).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { loadDemoSet } from '../../engine/connectors/demoCases'
import { defaultResourcesDir } from '../../headless/nodeHost'
import { benchRun, mean, percentile, type RunResult } from '../../eval/bench/modelBench'
import {
  modelFlagOptions,
  modelFlagsUsage,
  parseModelFlags,
  type ModelFlags
} from '../../headless/modelFlags'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'
import { benchKnowledgeUsage, runBenchKnowledge } from './benchKnowledge'
import { benchSoakUsage, runBenchSoak } from './benchSoak'
import { runSyncBench, syncBenchUsage } from './syncBench'

export const benchUsage = `Usage: vigil bench model [--latency-ms 0,2000] [--cases N] [--slow-ms 30000] [--json]
       vigil bench model --remote URL [--model-id ID] [--api-key-env VAR] [--use-model-anyway] [--cases N] [--json]
  Replays the demo through the engine against a local scripted OpenAI-compatible server and prints: model calls
  per message and per woken message, the time each message's own work takes with the model minus retrieval only
  (mean and p95), and the worst delay of any other ticket's card (against a run with no slow call) while every
  call about the first case takes --slow-ms (target: under 1 s).
  --latency-ms   model latencies to measure, comma-separated (default 0,2000)
  --cases        demo cases replayed for the latency runs (default 4; the slow-ticket run replays them all)
  --slow-ms      latency of the slow ticket's calls (default 30000)
  --json         print one JSON object
  With --remote the bench runs against your own OpenAI-compatible server instead of its scripted one: the same
  numbers at whatever latency your server has. --latency-ms and --slow-ms set the scripted server's latency, so
  they do not apply there, and there is no slow-ticket run (the bench cannot make your server slow for one ticket).
${modelFlagsUsage
  .split('\n')
  .filter((line) => !line.startsWith('  --model '))
  .join('\n')}
${benchKnowledgeUsage}
${syncBenchUsage}
${benchSoakUsage}`

const TARGET_MS = 1_000

interface BenchArgs {
  latencies: number[]
  cases: number
  slowMs: number
  json: boolean
  /** The user's own server; null: the scripted bench server. */
  remote: (ModelFlags & { mode: 'remote' }) | null
}

function parseBenchArgs(argv: string[]): BenchArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'latency-ms': { type: 'string' },
        cases: { type: 'string', default: '4' },
        'slow-ms': { type: 'string' },
        json: { type: 'boolean', default: false },
        ...modelFlagOptions
      }
    })
  } catch (error) {
    throw argumentError(error, benchUsage)
  }
  const { values, positionals } = parsed
  if (positionals[0] !== 'model' || positionals.length > 1)
    throw new VigilError(
      ErrorCode.badInput,
      `only "vigil bench model", "vigil bench knowledge", "vigil bench sync" and "vigil bench soak" exist\n${benchUsage}`
    )
  const number = (flag: string, text: string, min: number): number => {
    const value = Number(text)
    if (!Number.isInteger(value) || value < min)
      throw new VigilError(
        ErrorCode.badInput,
        `--${flag} must be a whole number of at least ${min}, not "${text}"`
      )
    return value
  }
  if (values.model)
    throw new VigilError(
      ErrorCode.badInput,
      `the bench measures a server: give --remote URL (a local GGUF can be served by \`vigil serve-model\`)\n${benchUsage}`
    )
  const remote = parseModelFlags(values, benchUsage)
  if (remote?.mode === 'remote' && (values['latency-ms'] !== undefined || values['slow-ms'] !== undefined))
    throw new VigilError(
      ErrorCode.badInput,
      "--latency-ms and --slow-ms set the latency of the bench's own scripted server; with --remote your " +
        "server's latency is measured as it is, so they do not apply: leave them out"
    )
  return {
    latencies: (values['latency-ms'] ?? '0,2000')
      .split(',')
      .map((text) => number('latency-ms', text.trim(), 0)),
    cases: number('cases', values.cases, 1),
    slowMs: number('slow-ms', values['slow-ms'] ?? '30000', 1),
    json: values.json,
    remote: remote?.mode === 'remote' ? remote : null
  }
}

export async function runBench(argv: string[], io: CommandIo): Promise<number> {
  if (argv[0] === 'knowledge') return runBenchKnowledge(argv.slice(1), io)
  if (argv[0] === 'sync') return runSyncBench(argv.slice(1), io)
  if (argv[0] === 'soak') return runBenchSoak(argv.slice(1), io)
  const args = parseBenchArgs(argv)
  const resourcesDir = defaultResourcesDir()
  const all = (await loadDemoSet(join(resourcesDir, 'demo', 'cases.json'))).cases
  const cases = all.slice(0, args.cases)
  const say = (line: string): void => void (args.json || io.stderr.write(`${line}\n`))

  say(`retrieval only, ${cases.length} cases…`)
  const baseline = await benchRun({ cases, resourcesDir, server: null, waitForWork: true })
  const ownMean = mean(baseline.timings.map((timing) => timing.ownMs))
  const ownP95 = percentile(
    baseline.timings.map((timing) => timing.ownMs),
    95
  )
  if (args.remote) {
    const remote = args.remote
    say(`your server at ${remote.remoteUrl}, ${cases.length} cases…`)
    const run = await benchRun({ cases, resourcesDir, server: null, remote, waitForWork: true })
    const own = run.timings.map((timing) => timing.ownMs)
    const trust = run.model?.trust
    if (run.model?.error) say(`the model did not load: ${run.model.error}`)
    else if (trust && !trust.inUse) say(`the model was not used: ${trust.message}`)
    const report = {
      type: 'bench-model',
      remote: remote.remoteUrl,
      cases: cases.length,
      retrievalOnlyMsPerMessage: { mean: round(ownMean), p95: round(ownP95) },
      model: {
        state: run.model?.state ?? 'off',
        inUse: trust?.inUse ?? false,
        trust: trust?.message ?? null,
        error: run.model?.error ?? null
      },
      ...counts(run),
      addedMsPerMessage: { mean: round(mean(own) - ownMean), p95: round(percentile(own, 95) - ownP95) },
      ownMsPerMessage: {
        mean: round(mean(own)),
        p95: round(percentile(own, 95)),
        max: round(Math.max(...own))
      },
      wallMs: round(run.wallMs),
      // Said in the output too, so a reader of the JSON alone knows what was not measured.
      notMeasured:
        "the slow-ticket delay (it needs the scripted server, which makes one ticket's calls slow); " +
        '--latency-ms and --slow-ms do not apply to a remote server'
    }
    io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`)
    return 0
  }

  const latency = []
  for (const latencyMs of args.latencies) {
    say(`model latency ${latencyMs} ms, ${cases.length} cases…`)
    const run = await benchRun({ cases, resourcesDir, server: { latencyMs }, waitForWork: true })
    const own = run.timings.map((timing) => timing.ownMs)
    latency.push({
      modelLatencyMs: latencyMs,
      ...counts(run),
      addedMsPerMessage: { mean: round(mean(own) - ownMean), p95: round(percentile(own, 95) - ownP95) },
      ownMsPerMessage: {
        mean: round(mean(own)),
        p95: round(percentile(own, 95)),
        max: round(Math.max(...own))
      },
      wallMs: round(run.wallMs)
    })
  }

  const slowCase = all[0]!
  // The longest run of plain lower-case words of its first customer message: the prompts quote it, whatever they
  // escape, and no name in it is redacted on the way to a remote model.
  const opening = slowCase.messages.find((message) => message.role === 'customer')!.text
  const marker = opening
    .split(/[^a-z0-9 ]+|\b[A-Z]\w*/)
    .sort((a, b) => b.length - a.length)[0]!
    .trim()
  say(
    `one ticket (${slowCase.id}) at ${args.slowMs} ms per model call, the others at 0 ms, ${all.length} cases, ` +
      `then the same with no slow call for reference…`
  )
  const slow = await benchRun({
    cases: all,
    resourcesDir,
    server: { latencyMs: 0, slowMarker: marker, slowMs: args.slowMs }
  })
  // Each other message's decision, compared with when it came in a run where no call is slow: a stream held up by
  // the slow ticket delays messages before they even arrive, so waits counted from arrival would not show it.
  const reference = new Map(
    (await benchRun({ cases: all, resourcesDir, server: { latencyMs: 0 } })).timings.map((timing) => [
      timing.messageId,
      timing.decidedAtMs
    ])
  )
  const others = slow.timings
    .filter((timing) => timing.ticketId !== slowCase.id && reference.has(timing.messageId))
    .map((timing) => timing.decidedAtMs - reference.get(timing.messageId)!)
  const worst = Math.max(0, ...others)
  const report = {
    type: 'bench-model',
    cases: cases.length,
    retrievalOnlyMsPerMessage: { mean: round(ownMean), p95: round(ownP95) },
    latency,
    slowTicket: {
      ticketId: slowCase.id,
      slowMs: args.slowMs,
      otherMessages: others.length,
      worstOtherDelayMs: round(worst),
      p95OtherDelayMs: round(percentile(others, 95)),
      targetMs: TARGET_MS,
      met: worst < TARGET_MS,
      wallMs: round(slow.wallMs)
    }
  }
  if (args.json) io.stdout.write(`${JSON.stringify(report)}\n`)
  else io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  return 0
}

function counts(run: RunResult) {
  return {
    messages: run.messages,
    wokenMessages: run.wokenMessages,
    llmCalls: run.llmCalls,
    callsPerMessage: round(run.llmCalls / Math.max(1, run.messages), 2),
    callsPerWokenMessage: round(run.llmCalls / Math.max(1, run.wokenMessages), 2)
  }
}

const round = (value: number, digits = 0): number => Number(value.toFixed(digits))
