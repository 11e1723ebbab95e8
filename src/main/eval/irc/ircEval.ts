/**
 * Replays the gold threads of one Ubuntu IRC folder through the real engine (replay connector, event log,
 * watcher, proactive pipeline, learning) at full speed, in a temporary data folder, and measures throughput,
 * per-message decision latency, how often the wake gate lets a message through, and peak memory.
 */
import { randomUUID } from 'node:crypto'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { EngineStatus } from '../../../shared/contract'
import { replayDeliveryChannel, type ReplayDeliveryMessage } from '../../engine/connectors/replayConnector'
import { createEngine } from '../../engine/createEngine'
import type { Logger } from '../../engine/host'
import { createNodeHost, defaultResourcesDir } from '../../headless/nodeHost'
import { DecisionTracker } from './decisionTracker'
import { ircEvents } from './ircEvents'
import { loadIrcThreads } from './ircThreads'
import { percentile } from './latency'

export interface IrcEvalOptions {
  /** A corpus folder such as `data/ubuntu-irc/dev`. */
  dataDir: string
  /** Gold clusters file. Default: `gold.<folder name>.clusters.txt` beside the folder (see loadIrcThreads). */
  goldFile?: string
}

/** What `vigil eval irc --json` prints. Everything but the timing figures is the same on every run. */
export interface IrcEvalReport {
  messages: number
  threads: number
  skipped: number
  messagesPerSec: number
  p50LatencyMs: number
  p95LatencyMs: number
  /** Share of messages the wake gate let through, 0..1. */
  wakeRate: number
  /**
   * Model calls made. 0 by construction for now (see `llmCallsCounted`): `LlmRuntime.calls` exists, but the engine
   * neither builds a runtime nor exposes its counter yet; read it here once it does.
   */
  llmCalls: number
  /** Peak resident memory of the process (the OS high-water mark, `maxRSS`), MiB. */
  rssMb: number
  /** Wall time from engine start to the last event processed. */
  seconds: number
}

export interface IrcEvalResult {
  report: IrcEvalReport
  /** False while the engine exposes no model-call counter: `llmCalls` is then 0 by construction. */
  llmCallsCounted: boolean
  /** Should both be 0: every message gets exactly one decision. */
  undecided: number
  decidedTwice: number
  /** Warnings the engine logged (skipped events, knowledge it could not write). */
  warnings: string[]
  goldFile: string
}

export async function runIrcEvaluation(options: IrcEvalOptions): Promise<IrcEvalResult> {
  const corpus = await loadIrcThreads(options.dataDir, options.goldFile)
  const events = ircEvents(corpus.threads)
  const messageIds = events.flatMap((event) => (event.type === 'message.added' ? [event.message.id] : []))
  const tracker = new DecisionTracker(messageIds)
  const connectorId = `irc-eval-${randomUUID()}`
  const onDelivery = (message: unknown): void => {
    const { connectorId: from, event } = message as ReplayDeliveryMessage
    if (from === connectorId && event.type === 'message.added') tracker.yielded(event.message.id)
  }
  const warnings: string[] = []
  const logger: Logger = {
    info() {},
    warn: (m) => void warnings.push(m),
    error: (m) => void warnings.push(m)
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-eval-irc-'))
  const host = createNodeHost({ dataDir, resourcesDir: defaultResourcesDir(), logger, env: {} })
  const engine = createEngine(host, { source: { kind: 'replay', id: connectorId, events, speed: 'max' } })
  engine.onActivity((activity) => tracker.observe(activity))
  subscribe(replayDeliveryChannel.name, onDelivery)
  let seconds: number
  try {
    const started = performance.now()
    await engine.start()
    await engine.whenSourceIdle()
    seconds = (performance.now() - started) / 1000
    const status = await engine.call('engine.status', {})
    const source = status.ok ? (status.value as EngineStatus).source : null
    if (source?.error) throw new VigilError(ErrorCode.internal, `the replay stopped: ${source.error}`)
  } finally {
    unsubscribe(replayDeliveryChannel.name, onDelivery)
    await engine.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  const messages = messageIds.length
  const round = (value: number, digits: number): number => Number(value.toFixed(digits))
  return {
    report: {
      messages,
      threads: corpus.threads.length,
      skipped: corpus.skipped,
      messagesPerSec: round(messages / seconds, 1),
      p50LatencyMs: round(percentile(tracker.latenciesMs, 50), 3),
      p95LatencyMs: round(percentile(tracker.latenciesMs, 95), 3),
      wakeRate: messages ? round(tracker.woke / messages, 4) : 0,
      llmCalls: 0,
      rssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      seconds: round(seconds, 3)
    },
    llmCallsCounted: false,
    ...tracker.check(),
    warnings,
    goldFile: corpus.goldFile
  }
}
