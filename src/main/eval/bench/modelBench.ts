/**
 * The model benchmark: replays demo cases through the real engine against the bench server and measures what the
 * model path costs — model calls per message and per woken message, the time each message's own work takes with
 * the model compared to retrieval only, and how long other tickets' messages wait while one ticket's model call is
 * very slow.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DemoCase } from '../../engine/connectors/demoCase'
import { demoCaseEvents } from '../../engine/connectors/demoCases'
import { createEngine } from '../../engine/createEngine'
import type { Logger } from '../../engine/host'
import { createNodeHost } from '../../headless/nodeHost'
import { applyModelFlags, type ModelFlags } from '../../headless/modelFlags'
import type { EngineStatus, ModelStatus } from '../../../shared/contract'
import { Settings } from '../../../shared/settings'
import { startBenchServer, type BenchServerOptions } from './benchServer'

export interface RunOptions {
  cases: readonly DemoCase[]
  resourcesDir: string
  /** The scripted bench server to start and use; null: retrieval only, no model (unless `remote`). */
  server: BenchServerOptions | null
  /** A user's own server instead (`vigil bench model --remote URL`): its latency is what it is. */
  remote?: ModelFlags & { mode: 'remote' }
  messageBudgetSeconds?: number
  /** Each event's work done before the next is read (see EngineOptions.waitForWork). */
  waitForWork?: boolean
}

export interface MessageTiming {
  messageId: string
  ticketId: string
  /** When its decision came, from the start of the replay. */
  decidedAtMs: number
  /** From the message's arrival to its decision (card or silence). */
  waitedMs: number
  /** From when its work could start (arrival, or the ticket's previous decision) to its decision. */
  ownMs: number
  woken: boolean
}

export interface RunResult {
  messages: number
  wokenMessages: number
  /** Model calls after start-up (the self-check excluded): the message path and learning. */
  llmCalls: number
  timings: MessageTiming[]
  wallMs: number
  /** The model's status at the end (whether it loaded and was trusted); null without a model. */
  model: ModelStatus | null
}

const quiet: Logger = { info() {}, warn() {}, error() {} }

export async function benchRun(options: RunOptions): Promise<RunResult> {
  const server = options.server ? await startBenchServer(options.server) : null
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'))
  try {
    const bare = createNodeHost({ dataDir, resourcesDir: options.resourcesDir, logger: quiet, env: {} })
    bare.settings.write(
      Settings.parse({
        pipeline: { messageBudgetSeconds: options.messageBudgetSeconds ?? 20 },
        // The bench server is not a real model: its answers would not pass the self-check, and cost is measured.
        llm: server
          ? { mode: 'remote', remoteUrl: server.baseUrl, remoteModel: 'bench', useUnreliableModel: true }
          : { mode: 'off' }
      })
    )
    // A user's server comes with the same flags as `vigil replay --remote` (model id, key, trust override).
    const host = options.remote ? await applyModelFlags(bare, options.remote) : bare
    const engine = createEngine(host, {
      source: { kind: 'replay', events: demoCaseEvents(options.cases), speed: 'max' },
      awaitModel: true,
      // Latency runs measure each message alone; the slow-ticket run measures tickets running side by side.
      waitForWork: options.waitForWork ?? false
    })
    // Times are taken from the first message's arrival, so model loading and the self-check do not count.
    let firstArrival: number | null = null
    const arrived = new Map<string, { ticketId: string; at: number }>()
    const lastDecision = new Map<string, number>()
    const timings: MessageTiming[] = []
    engine.onEvent((envelope) => {
      if (envelope.event !== 'message.added') return
      const message = envelope.payload as { id: string; ticketId: string }
      const at = performance.now()
      firstArrival ??= at
      arrived.set(message.id, { ticketId: message.ticketId, at })
    })
    engine.onActivity((activity) => {
      const decided =
        activity.type === 'silent'
          ? { id: activity.messageId, woken: activity.stage !== 'wake' }
          : activity.type === 'suggestion' && activity.suggestion.kind !== 'escalation'
            ? { id: activity.suggestion.triggerMessageId, woken: true }
            : null
      const arrival = decided?.id ? arrived.get(decided.id) : undefined
      if (!decided || !arrival) return
      arrived.delete(decided.id!)
      const now = performance.now()
      const free = Math.max(arrival.at, lastDecision.get(arrival.ticketId) ?? 0)
      lastDecision.set(arrival.ticketId, now)
      timings.push({
        messageId: decided.id!,
        ticketId: arrival.ticketId,
        decidedAtMs: now - (firstArrival ?? now),
        waitedMs: now - arrival.at,
        ownMs: now - free,
        woken: decided.woken
      })
    })
    const started = performance.now()
    await engine.start()
    const atStart = (await status(engine)).llmCalls ?? 0
    await engine.whenSourceIdle()
    const end = await status(engine)
    const wallMs = performance.now() - started
    await engine.stop()
    return {
      messages: end.messages ?? timings.length,
      wokenMessages: timings.filter((timing) => timing.woken).length,
      llmCalls: (end.llmCalls ?? 0) - atStart,
      timings,
      wallMs,
      model: server || options.remote ? (end.model ?? null) : null
    }
  } finally {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function status(engine: ReturnType<typeof createEngine>): Promise<EngineStatus> {
  const result = await engine.call('engine.status', {})
  if (!result.ok) throw new Error(result.error.message)
  return result.value as EngineStatus
}

export const mean = (values: number[]): number =>
  values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
