/**
 * `vigil bench soak`: the whole engine fed N tickets of M messages through a local connection, as a year of a team's
 * work (eval/bench/soakBench.ts). Prints throughput, message latency, memory at start, middle and end, restart time
 * and events lost or repeated, with the project's targets for the second-half memory growth and the restart.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ErrorCode, VigilError } from '../../../shared/errors'
import { runSoak, type SoakResult } from '../../eval/bench/soakBench'
import { ensureUsableDataDir } from '../../headless/dataDir'
import { defaultResourcesDir } from '../../headless/nodeHost'
import { argumentError } from '../argumentError'
import type { CommandIo } from '../io'

export const benchSoakUsage = `Usage: vigil bench soak --tickets N --messages M [--retention-days D] [--data-dir DIR] [--json]
  Drives the whole engine (retrieval-only, learning at every resolution) from a local generated source: N tickets of
  M messages opening over a year, each resolved hours to days later, one in a hundred written to again weeks after.
  Prints throughputMessagesPerS, latencyP50Ms/P95Ms (a message handed over to the engine until it asks for the next
  event), rssStartMb/rssMiddleMb/rssEndMb, rssGrowthSecondHalf (end over middle) and rssMaxGrowthSecondHalf (the
  highest of the samples taken at every twentieth of the events after the middle; target <= 0.10), the same after a
  collection that compacts the JS heap (rssCompacted...: what the engine holds, without the pages V8 keeps reserved
  for the moment), closeMs, reopenMs and restartMs (close and reopen on the same folder; target <= 2000) with their
  CPU time, eventsLost and eventsRepeated (must be 0).
  --tickets         tickets played (required)
  --messages        messages per ticket (required, at least 2)
  --retention-days  days a resolved ticket stays in memory (the resolvedRetentionDays setting; default 30)
  --data-dir        an empty folder to run in, kept afterwards (default: a temporary folder, removed)
`

const RSS_GROWTH_TARGET = 0.1
const RESTART_TARGET_MS = 2_000

export async function runBenchSoak(argv: string[], io: CommandIo): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        tickets: { type: 'string' },
        messages: { type: 'string' },
        'retention-days': { type: 'string', default: '30' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false }
      }
    }))
  } catch (error) {
    throw argumentError(error, benchSoakUsage)
  }
  const number = (flag: string, text: string | undefined, min: number, max: number): number => {
    const value = Number(text)
    if (text === undefined || !Number.isInteger(value) || value < min || value > max)
      throw new VigilError(
        ErrorCode.badInput,
        `--${flag} must be a whole number from ${min} to ${max}\n${benchSoakUsage}`
      )
    return value
  }
  const tickets = number('tickets', values.tickets, 1, 1_000_000)
  const messages = number('messages', values.messages, 2, 200)
  const retentionDays = number('retention-days', values['retention-days'], 1, 3650)
  const given = values['data-dir'] ? resolve(values['data-dir']) : null
  if (given) await ensureUsableDataDir(given)
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'vigil-soak-')))
  try {
    const result = await runSoak({
      tickets,
      messages,
      retentionDays,
      dataDir,
      resourcesDir: defaultResourcesDir(),
      progress: (line) => io.stderr.write(`${line}\n`)
    })
    const targets = {
      rssGrowthSecondHalf: {
        target: RSS_GROWTH_TARGET,
        met: result.rssMaxGrowthSecondHalf <= RSS_GROWTH_TARGET
      },
      rssCompactedGrowthSecondHalf: {
        target: RSS_GROWTH_TARGET,
        met: result.rssCompactedMaxGrowthSecondHalf <= RSS_GROWTH_TARGET
      },
      restartMs: { target: RESTART_TARGET_MS, met: result.restartMs <= RESTART_TARGET_MS },
      eventsLostOrRepeated: { target: 0, met: result.eventsLost === 0 && result.eventsRepeated === 0 }
    }
    io.stdout.write(values.json ? `${JSON.stringify({ ...result, targets })}\n` : describe(result, targets))
    return targets.eventsLostOrRepeated.met ? 0 : 1
  } finally {
    if (!given) await rm(dataDir, { recursive: true, force: true })
  }
}

function describe(result: SoakResult, targets: Record<string, { target: number; met: boolean }>): string {
  const mark = (name: string) => (targets[name]!.met ? 'met' : 'NOT met')
  return [
    `${result.tickets} tickets x ${result.messagesPerTicket} messages: ${result.events} events in ${result.durationS} s`,
    `Throughput: ${result.throughputMessagesPerS} messages/s; latency p50 ${result.latencyP50Ms} ms, p95 ${result.latencyP95Ms} ms, max ${result.latencyMaxMs} ms`,
    `RSS: start ${result.rssStartMb} MB, middle ${result.rssMiddleMb} MB, end ${result.rssEndMb} MB (${(result.rssGrowthSecondHalf * 100).toFixed(1)}%), highest after the middle ${result.rssMaxSecondHalfMb} MB: ${(result.rssMaxGrowthSecondHalf * 100).toFixed(1)}% (target <= 10%: ${mark('rssGrowthSecondHalf')})`,
    `RSS after compacting the JS heap: start ${result.rssCompactedStartMb} MB, middle ${result.rssCompactedMiddleMb} MB, end ${result.rssCompactedEndMb} MB, highest after the middle ${result.rssCompactedMaxSecondHalfMb} MB: ${(result.rssCompactedMaxGrowthSecondHalf * 100).toFixed(1)}% (target <= 10%: ${mark('rssCompactedGrowthSecondHalf')})`,
    `In memory: ${result.ticketsInMemoryMiddle} tickets at the middle; at the end ${result.ticketsInMemoryEnd} tickets, ${result.suggestions} suggestions; ${result.knowledgeEntries} knowledge entries`,
    `Restart: close ${result.closeMs} ms + reopen ${result.reopenMs} ms = ${result.restartMs} ms (target <= 2000 ms: ${mark('restartMs')}; CPU time ${result.closeCpuMs} + ${result.reopenCpuMs} ms); ${result.ticketsInMemoryAfterRestart} tickets in memory after`,
    `Events lost ${result.eventsLost}, repeated ${result.eventsRepeated} (${mark('eventsLostOrRepeated')}); skipped as invalid ${result.eventsSkipped}`,
    ''
  ].join('\n')
}
