/**
 * `vigil bench soak`: the whole engine fed a year of one team's tickets through a connection (soakSource.ts), as a
 * live system would feed it, with no model (retrieval, learning at every resolution, retirement of long-resolved
 * tickets all run). Measures throughput, each message's latency (from the connector handing it over to the engine
 * asking for the next event: logged, cards decided, cursor stored), memory at start, middle and end, the time to
 * close and reopen the engine on the same folder, and counts events lost or repeated.
 */
import { readFileSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { EngineStatus } from '../../../shared/contract'
import { Settings } from '../../../shared/settings'
import type { ConnectionConfigInput } from '../../engine/connectors/connectionConfig'
import type { ConnectorDelivery } from '../../engine/connectors/connector'
import type { LiveConnector } from '../../engine/connectors/liveConnector'
import { createEngine, type Engine } from '../../engine/createEngine'
import { silentLogger } from '../../engine/host'
import { readEventLog } from '../../engine/storage/eventLog'
import { createNodeHost } from '../../headless/nodeHost'
import { soakEvents, type SoakPlan } from './soakSource'

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
  heapUsedMiddleMb: number
  heapUsedEndMb: number
  /** Memory V8 reserved for its heap, and held outside it (Buffers), at the end: where RSS beyond the heap is. */
  heapTotalEndMb: number
  externalEndMb: number
  /**
   * Memory after a full collection at every tenth of the events: where RSS goes as the run goes on (the JS heap
   * used and reserved, Buffers outside it, and on Linux the C library's main heap, where native allocations live).
   */
  timeline: MemorySample[]
  ticketsInMemoryEnd: number
  knowledgeEntries: number
  suggestions: number
  closeMs: number
  reopenMs: number
  /** closeMs + reopenMs: the target is at most 2,000. */
  restartMs: number
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
}

/** V8's heap spaces, [reserved, in use] in MB (new space, old space, large objects, code...). */
function heapSpaces(): Record<string, [number, number]> {
  const spaces: Record<string, [number, number]> = {}
  for (const space of getHeapSpaceStatistics())
    spaces[space.space_name.replace(/_space$/, '')] = [mb(space.space_size), mb(space.space_used_size)]
  return spaces
}

/** The resident size of the `[heap]` mapping, from /proc/self/smaps (Linux only). */
function nativeHeapMb(): number | null {
  try {
    const smaps = readFileSync('/proc/self/smaps', 'utf8')
    const at = smaps.search(/ \[heap\]\n/)
    if (at === -1) return 0
    const rss = /\nRss:\s+(\d+) kB/.exec(smaps.slice(at))
    return rss ? Math.round((Number(rss[1]) / 1024) * 10) / 10 : null
  } catch {
    return null
  }
}

const CONNECTION = 'soak'
/** How long each memory sample waits after a full collection for V8's background sweeping to finish. */
const SETTLE_MS = 250
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10

/** The V8 collector, so memory is sampled after garbage is gone (null if the flag cannot be set). */
function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return null
  }
}

function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return 0
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]! * 100) / 100
}

/**
 * How often each message of the plan was announced, in one byte per message (`SOAK-<n>-m<k>`, `-again`,
 * `-again-answer`) rather than a map of 100,000 id strings: the bench's own bookkeeping must not grow the RSS it
 * measures (the map added about 2.3 MB of heap over the second half of a 10,000-ticket run).
 */
class MessageTally {
  private readonly counts: Uint8Array
  private readonly others = new Map<string, number>()
  private readonly perTicket: number

  constructor(private readonly plan: SoakPlan) {
    this.perTicket = plan.messages + 2
    this.counts = new Uint8Array(plan.tickets * this.perTicket)
  }

  add(id: string): void {
    const slot = this.slot(id)
    if (slot === null) this.others.set(id, (this.others.get(id) ?? 0) + 1)
    else this.counts[slot] = Math.min(255, this.counts[slot]! + 1)
  }

  times(id: string): number {
    const slot = this.slot(id)
    return slot === null ? (this.others.get(id) ?? 0) : this.counts[slot]!
  }

  /** The message's place in `counts` (the connection's name before the id is ignored); null for other ids. */
  private slot(id: string): number | null {
    const match = /(?:^|:)SOAK-(\d+)-(?:m(\d+)|(again)|(again-answer))$/.exec(id)
    if (!match) return null
    const ticket = Number(match[1]) - 10001
    const within = match[2] ? Number(match[2]) - 1 : match[3] ? this.plan.messages : this.plan.messages + 1
    if (ticket < 0 || ticket >= this.plan.tickets || within < 0 || within >= this.perTicket) return null
    return ticket * this.perTicket + within
  }
}

/** The bench's connection: plays the plan from the stored cursor (how many events were processed). */
class SoakConnection {
  delivered = 0
  /** Each message's latency in ms, in a buffer sized for the plan (growing an array would show in the RSS). */
  latencies: Float64Array
  private measured = 0
  private release!: () => void
  private readonly go = new Promise<void>((resolve) => (this.release = resolve))
  private caughtUp!: () => void
  readonly done = new Promise<void>((resolve) => (this.caughtUp = resolve))

  constructor(
    private readonly plan: SoakPlan,
    messages: number,
    private readonly onDelivered: (count: number) => Promise<void> | void
  ) {
    this.latencies = new Float64Array(messages)
  }

  /** The latencies measured, in the order measured. */
  measuredLatencies(): Float64Array {
    return this.latencies.subarray(0, this.measured)
  }

  start(): void {
    this.release()
  }

  connector(id: string): LiveConnector {
    return {
      id,
      system: 'request-tracker',
      events: (cursor, signal) => this.play(cursor, signal),
      postInternalNote: async () => undefined,
      testConnection: async () => ({ ok: true, message: 'The soak bench source.' }),
      stats: () => ({
        delivered: this.delivered,
        polls: 0,
        skipped: {},
        truncated: 0,
        attachments: 0,
        lastEventAt: null,
        lastPollAt: null,
        lastError: null
      }),
      dispose() {}
    }
  }

  /** The plan's events after `cursor` (the position of the last one processed), then idle until stopped. */
  private async *play(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
    await this.go
    const from = cursor === null ? 0 : Number(cursor) + 1
    let position = 0
    for (const event of soakEvents(this.plan)) {
      if (signal.aborted) return
      if (position < from) {
        position++
        continue
      }
      const started = performance.now()
      yield { event, cursor: String(position) }
      // Resumed: the engine processed the event and stored its cursor.
      if (event.type === 'message.added') {
        if (this.measured === this.latencies.length) {
          const grown = new Float64Array(this.latencies.length * 2 + 16)
          grown.set(this.latencies)
          this.latencies = grown
        }
        this.latencies[this.measured++] = performance.now() - started
      }
      position++
      this.delivered++
      await this.onDelivered(position)
    }
    this.caughtUp()
    if (!signal.aborted)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const gc = collector()
  // After a full collection, V8 finishes sweeping and gives empty pages back in the background: sampled at once,
  // RSS and heapTotal still count pages about to be released (a sample swung by 90 MB with the heap in use flat).
  const memory = async (): Promise<NodeJS.MemoryUsage> => {
    gc?.()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    gc?.()
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    return process.memoryUsage()
  }
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

  let middle: NodeJS.MemoryUsage | null = null
  const half = Math.ceil(total / 2)
  // A sample at every twentieth of the events: the end alone can miss a peak in between.
  const tenth = Math.max(1, Math.floor(total / 20))
  const timeline: MemorySample[] = []
  const sample = (events: number, usage: NodeJS.MemoryUsage): MemorySample => ({
    events,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    nativeHeapMb: nativeHeapMb(),
    spacesMb: heapSpaces()
  })
  const connection = new SoakConnection(plan, messageEvents, async (position) => {
    if (position === half) middle = await memory()
    if (position % tenth === 0) {
      const taken = sample(position, position === half && middle ? middle : await memory())
      timeline.push(taken)
      say(
        `soak: ${position} of ${total} events, rss ${taken.rssMb} MB (heap ${taken.heapUsedMb} of ${taken.heapTotalMb} MB, native heap ${taken.nativeHeapMb ?? '?'} MB; spaces ${Object.entries(
          taken.spacesMb
        )
          .map(([name, [size, used]]) => `${name} ${used}/${size}`)
          .join(', ')})`
      )
    }
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
  await engine.start()
  const start = await memory()
  const began = performance.now()
  connection.start()
  await connection.done
  await engine.whenSourceIdle()
  const durationS = (performance.now() - began) / 1000
  const end = await memory()
  timeline.push(sample(total, end))
  const status = (await engine.call('engine.status', {})) as { ok: true; value: EngineStatus }

  const closing = performance.now()
  await engine.stop()
  const closeMs = performance.now() - closing
  const opening = performance.now()
  const reopened = build()
  await reopened.start()
  const reopenMs = performance.now() - opening
  const after = (await reopened.call('engine.status', {})) as { ok: true; value: EngineStatus }
  await reopened.stop()

  const counted = await countEvents(options.dataDir, plan, pushed)
  const latencies = Float64Array.from(connection.measuredLatencies()).sort()
  const middleUsage: NodeJS.MemoryUsage = middle ?? end
  const peak = Math.max(
    end.rss,
    ...timeline.filter((taken) => taken.events >= half).map((taken) => taken.rssMb * 1024 * 1024)
  )
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
    rssStartMb: mb(start.rss),
    rssMiddleMb: mb(middleUsage.rss),
    rssEndMb: mb(end.rss),
    rssGrowthSecondHalf: Math.round(((end.rss - middleUsage.rss) / middleUsage.rss) * 1000) / 1000,
    rssMaxSecondHalfMb: mb(peak),
    rssMaxGrowthSecondHalf: Math.round(((peak - middleUsage.rss) / middleUsage.rss) * 1000) / 1000,
    heapUsedMiddleMb: mb(middleUsage.heapUsed),
    heapUsedEndMb: mb(end.heapUsed),
    heapTotalEndMb: mb(end.heapTotal),
    externalEndMb: mb(end.external),
    timeline,
    ticketsInMemoryEnd: status.value.tickets,
    knowledgeEntries: status.value.knowledgeEntries,
    suggestions: status.value.suggestions,
    closeMs: Math.round(closeMs),
    reopenMs: Math.round(reopenMs),
    restartMs: Math.round(closeMs) + Math.round(reopenMs),
    ticketsInMemoryAfterRestart: after.value.tickets,
    eventsLost: counted.lost,
    eventsRepeated: counted.repeated,
    eventsSkipped: skipped,
    diskMb: disk
  }
}

/**
 * Lost: an event of the plan that is in neither the event log nor its archive, or a message the engine never
 * announced. Repeated: an event logged twice in the log, or a message announced more than once.
 */
async function countEvents(
  dataDir: string,
  plan: SoakPlan,
  pushed: MessageTally
): Promise<{ lost: number; repeated: number }> {
  const stored = new Set(
    (await readEventLog(join(dataDir, 'events-archive.jsonl'), join(dataDir, 'events.jsonl'))).map(
      (event) => event.eventId
    )
  )
  let lost = 0
  let repeated = 0
  for (const event of soakEvents(plan)) {
    // The engine names a connection's tickets and events by the connection (connections/ticketScope.ts).
    if (!hasScoped(stored, event.eventId)) lost++
    if (event.type !== 'message.added') continue
    const times = pushed.times(event.message.id)
    if (times === 0) lost++
    if (times > 1) repeated += times - 1
  }
  const inLog = new Map<string, number>()
  const text = await readFile(join(dataDir, 'events.jsonl'), 'utf8').catch(() => '')
  for (const line of text.split('\n')) {
    const match = /"eventId":"([^"]+)"/.exec(line)
    if (match) inLog.set(match[1]!, (inLog.get(match[1]!) ?? 0) + 1)
  }
  for (const times of inLog.values()) if (times > 1) repeated += times - 1
  return { lost, repeated }
}

function hasScoped(ids: ReadonlySet<string>, id: string): boolean {
  return ids.has(id) || ids.has(`${CONNECTION}:${id}`)
}
