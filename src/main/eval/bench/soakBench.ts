/**
 * `vigil bench soak`: the whole engine fed a year of one team's tickets through a connection (soakSource.ts,
 * soakConnection.ts), as a live system would feed it, with no model (retrieval, learning at every resolution,
 * retirement of long-resolved tickets all run). Measures throughput, each message's latency, memory at start, middle
 * and end and at every twentieth of the events (soakMemory.ts), the time to close and reopen the engine on the same
 * folder, and counts events lost or repeated (soakTally.ts).
 */
import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { EngineStatus } from '../../../shared/contract'
import { Settings } from '../../../shared/settings'
import type { ConnectionConfigInput } from '../../engine/connectors/connectionConfig'
import { createEngine, type Engine } from '../../engine/createEngine'
import { silentLogger } from '../../engine/host'
import { createNodeHost } from '../../headless/nodeHost'
import { SoakConnection } from './soakConnection'
import { mb, memoryMeter, type MemoryReading } from './soakMemory'
import { soakEvents, type SoakPlan } from './soakSource'
import { countLostAndRepeated, MessageTally } from './soakTally'

export interface SoakOptions {
  tickets: number
  messages: number
  dataDir: string
  resourcesDir: string
  /** Days a resolved ticket stays in memory (the `resolvedRetentionDays` setting). Default 30. */
  retentionDays?: number
  /** Progress lines (stderr). */
  progress?: (line: string) => void
}

export interface SoakResult {
  tickets: number
  messagesPerTicket: number
  events: number
  messages: number
  durationS: number
  throughputMessagesPerS: number
  latencyP50Ms: number
  latencyP95Ms: number
  latencyMaxMs: number
  rssStartMb: number
  rssMiddleMb: number
  rssEndMb: number
  /** (end − middle) / middle. */
  rssGrowthSecondHalf: number
  /** The highest RSS sampled after the middle (the timeline's samples and the end), and its growth over the middle: the target is at most 0.10. */
  rssMaxSecondHalfMb: number
  rssMaxGrowthSecondHalf: number
  /**
   * The same readings after a collection that compacts the whole JS heap (soakMemory.ts): without the pages V8
   * keeps reserved after a plain full collection, which swing by 10-25 MB between readings at a flat heap in use.
   */
  rssCompactedStartMb: number
  rssCompactedMiddleMb: number
  rssCompactedEndMb: number
  rssCompactedMaxSecondHalfMb: number
  rssCompactedMaxGrowthSecondHalf: number
  heapUsedMiddleMb: number
  heapUsedEndMb: number
  /** Memory V8 reserved for its heap, and held outside it (Buffers), at the end: where RSS beyond the heap is. */
  heapTotalEndMb: number
  externalEndMb: number
  /**
   * Memory at every twentieth of the events: where RSS goes as the run goes on (the JS heap used and reserved,
   * Buffers outside it, on Linux the C library's main heap) next to what the engine holds then (tickets in memory,
   * knowledge entries).
   */
  timeline: MemorySample[]
  ticketsInMemoryMiddle: number
  ticketsInMemoryEnd: number
  knowledgeEntries: number
  suggestions: number
  closeMs: number
  reopenMs: number
  /** closeMs + reopenMs: the target is at most 2,000. */
  restartMs: number
  /** The process's CPU time (all its threads) while closing and reopening: the wall time on a loaded machine is mostly waiting. */
  closeCpuMs: number
  reopenCpuMs: number
  ticketsInMemoryAfterRestart: number
  eventsLost: number
  eventsRepeated: number
  eventsSkipped: number
  diskMb: Record<string, number>
}

export interface MemorySample {
  events: number
  rssMb: number
  heapUsedMb: number
  heapTotalMb: number
  externalMb: number
  /** Resident bytes of the process's `[heap]` mapping (glibc's main arena); null where /proc is absent. */
  nativeHeapMb: number | null
  /** Each V8 heap space's reserved size and the part in use ([size, used] in MB): which space holds the reserve. */
  spacesMb: Record<string, [number, number]>
  /** RSS and the JS heap reserved after the compacting collection. */
  compactedRssMb: number
  compactedHeapTotalMb: number
  /** What the engine held at that moment. */
  ticketsInMemory: number
  knowledgeEntries: number
}

const CONNECTION = 'soak'

function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return 0
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]! * 100) / 100
}

const cpuMs = (usage: NodeJS.CpuUsage): number => Math.round((usage.user + usage.system) / 1000)

const growth = (from: number, to: number): number => Math.round(((to - from) / from) * 1000) / 1000

async function engineStatus(engine: Engine): Promise<EngineStatus> {
  const status = await engine.call('engine.status', {})
  if (!status.ok) throw new Error(`engine.status failed: ${status.error.message}`)
  return status.value as EngineStatus
}

function sampleOf(events: number, reading: MemoryReading, status: EngineStatus): MemorySample {
  const { usage, compacted } = reading
  return {
    events,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    nativeHeapMb: reading.nativeHeapMb,
    spacesMb: reading.spacesMb,
    compactedRssMb: mb(compacted.rss),
    compactedHeapTotalMb: mb(compacted.heapTotal),
    ticketsInMemory: status.tickets,
    knowledgeEntries: status.knowledgeEntries
  }
}

function describeSample(sample: MemorySample, total: number): string {
  const spaces = Object.entries(sample.spacesMb)
    .filter(([, [size]]) => size > 0)
    .map(([name, [size, used]]) => `${name} ${used}/${size}`)
    .join(', ')
  return (
    `soak: ${sample.events} of ${total} events, rss ${sample.rssMb} MB, compacted ${sample.compactedRssMb} MB ` +
    `(heap ${sample.heapUsedMb} of ${sample.heapTotalMb} MB, compacted ${sample.compactedHeapTotalMb} MB; native heap ` +
    `${sample.nativeHeapMb ?? '?'} MB; ${sample.ticketsInMemory} tickets in memory, ${sample.knowledgeEntries} entries; spaces ${spaces})`
  )
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const memory = memoryMeter()
  const say = options.progress ?? (() => undefined)
  const host = createNodeHost({
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    logger: silentLogger,
    env: {}
  })
  host.settings.write(Settings.parse({ resolvedRetentionDays: options.retentionDays ?? 30 }))
  const team = Settings.parse({}).team
  const plan: SoakPlan = { tickets: options.tickets, messages: options.messages, team }
  let total = 0
  let messageEvents = 0
  for (const event of soakEvents(plan)) {
    total++
    if (event.type === 'message.added') messageEvents++
  }
  const config: ConnectionConfigInput = {
    system: 'request-tracker',
    id: CONNECTION,
    baseUrl: 'https://tickets.soak.invalid',
    watch: { kind: 'group', group: 'Support' },
    startFrom: 'beginning'
  }
  await writeFile(join(options.dataDir, 'connections.json'), JSON.stringify([config]))

  let middle: MemorySample | null = null
  const half = Math.ceil(total / 2)
  // A sample at every twentieth of the events (and at the middle): the end alone can miss a peak in between.
  const twentieth = Math.max(1, Math.floor(total / 20))
  const timeline: MemorySample[] = []
  let running: Engine | null = null
  const connection = new SoakConnection(plan, messageEvents, async (position) => {
    if (position !== half && position % twentieth !== 0) return
    const taken = sampleOf(position, await memory(), await engineStatus(running!))
    if (position === half) middle = taken
    timeline.push(taken)
    say(describeSample(taken, total))
  })
  const pushed = new MessageTally(plan)
  let skipped = 0
  const build = (): Engine => {
    const engine = createEngine(host, {
      source: { kind: 'none' },
      connectorFactory: (input) => connection.connector(input.id)
    })
    engine.onEvent((envelope) => {
      if (envelope.event !== 'message.added') return
      pushed.add((envelope.payload as { id: string }).id)
    })
    engine.onActivity((activity) => {
      if (activity.type === 'skipped-event') skipped++
    })
    return engine
  }

  const engine = build()
  running = engine
  await engine.start()
  const start = sampleOf(0, await memory(), await engineStatus(engine))
  const began = performance.now()
  connection.start()
  await connection.done
  await engine.whenSourceIdle()
  const durationS = (performance.now() - began) / 1000
  const status = await engineStatus(engine)
  const end = sampleOf(total, await memory(), status)
  timeline.push(end)

  const closing = performance.now()
  const closingCpu = process.cpuUsage()
  await engine.stop()
  const closeMs = performance.now() - closing
  const closeCpu = process.cpuUsage(closingCpu)
  const opening = performance.now()
  const openingCpu = process.cpuUsage()
  const reopened = build()
  await reopened.start()
  const reopenMs = performance.now() - opening
  const reopenCpu = process.cpuUsage(openingCpu)
  const after = await engineStatus(reopened)
  await reopened.stop()

  const counted = await countLostAndRepeated(options.dataDir, plan, pushed, CONNECTION)
  const latencies = Float64Array.from(connection.measuredLatencies()).sort()
  const mid: MemorySample = middle ?? end
  const secondHalf = timeline.filter((taken) => taken.events >= half)
  const peak = Math.max(...secondHalf.map((taken) => taken.rssMb))
  const compactedPeak = Math.max(...secondHalf.map((taken) => taken.compactedRssMb))
  const disk: Record<string, number> = {}
  for (const file of [
    'events.jsonl',
    'events-archive.jsonl',
    'suggestions.jsonl',
    'suggestions-archive.jsonl',
    'learned.jsonl',
    'handled.jsonl'
  ])
    disk[file] = mb(
      await stat(join(options.dataDir, file)).then(
        (info) => info.size,
        () => 0
      )
    )
  return {
    tickets: options.tickets,
    messagesPerTicket: options.messages,
    events: total,
    messages: messageEvents,
    durationS: Math.round(durationS * 10) / 10,
    throughputMessagesPerS: Math.round(messageEvents / durationS),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    latencyMaxMs: percentile(latencies, 1),
    rssStartMb: start.rssMb,
    rssMiddleMb: mid.rssMb,
    rssEndMb: end.rssMb,
    rssGrowthSecondHalf: growth(mid.rssMb, end.rssMb),
    rssMaxSecondHalfMb: peak,
    rssMaxGrowthSecondHalf: growth(mid.rssMb, peak),
    rssCompactedStartMb: start.compactedRssMb,
    rssCompactedMiddleMb: mid.compactedRssMb,
    rssCompactedEndMb: end.compactedRssMb,
    rssCompactedMaxSecondHalfMb: compactedPeak,
    rssCompactedMaxGrowthSecondHalf: growth(mid.compactedRssMb, compactedPeak),
    heapUsedMiddleMb: mid.heapUsedMb,
    heapUsedEndMb: end.heapUsedMb,
    heapTotalEndMb: end.heapTotalMb,
    externalEndMb: end.externalMb,
    timeline,
    ticketsInMemoryMiddle: mid.ticketsInMemory,
    ticketsInMemoryEnd: status.tickets,
    knowledgeEntries: status.knowledgeEntries,
    suggestions: status.suggestions,
    closeMs: Math.round(closeMs),
    reopenMs: Math.round(reopenMs),
    restartMs: Math.round(closeMs) + Math.round(reopenMs),
    closeCpuMs: cpuMs(closeCpu),
    reopenCpuMs: cpuMs(reopenCpu),
    ticketsInMemoryAfterRestart: after.tickets,
    eventsLost: counted.lost,
    eventsRepeated: counted.repeated,
    eventsSkipped: skipped,
    diskMb: disk
  }
}
