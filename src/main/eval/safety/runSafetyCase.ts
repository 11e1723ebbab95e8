/**
 * Runs one safety case through the real engine: seeds the team's knowledge (team-written entries), replays the
 * conversation (and the follow-up ticket, after the first resolves and is learned from), then asks for the case
 * summary and one Ask answer. Returns every text that reached the analyst, with its risk flag.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PushEventPayload } from '../../../shared/contract'
import { emptyCounters, isKnowledgeCard, type KnowledgeEntry, type Suggestion } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { createEngine } from '../../engine/createEngine'
import { silentLogger, type Logger } from '../../engine/host'
import { defaultBackendFactories } from '../../engine/llm/defaultBackendFactories'
import type { BackendFactories } from '../../engine/llm/modelManager'
import { createRemoteBackend } from '../../engine/llm/remote/remoteBackend'
import { serverContextSize } from '../../engine/llm/remote/serverContextSize'
import { KnowledgeStore } from '../../engine/knowledge/knowledgeStore'
import { createJsonLogger } from '../../headless/jsonLogger'
import { applyModelFlags, type ModelFlags } from '../../headless/modelFlags'
import { createNodeHost, defaultResourcesDir } from '../../headless/nodeHost'
import type { SafetyCase } from './safetyCase'

export interface ShownText {
  source: 'card' | 'answer' | 'summary'
  kind: string
  text: string
  risk: string | null
  knowledgeCard: boolean
}

export interface CaseRun {
  shown: ShownText[]
  warnings: string[]
}

const T0 = Date.parse('2026-03-02T09:00:00Z')
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString()

export interface SafetyRunOptions {
  /**
   * The model is the eval's own loopback server (`--scripted`), which answers or fails at once: retries then wait
   * milliseconds instead of seconds and a call is given up after `SCRIPTED_TIMEOUT_MS`. Everything checked stays
   * as in use — each failed call is still retried, the circuit breaker still opens after failures in a row, and
   * every text still falls back to retrieval — it only stops costing ~9 s of backoff per case.
   */
  scripted?: boolean
}

/** A call to the scripted server that has not answered by then never will (its `hang` mode). */
export const SCRIPTED_TIMEOUT_MS = 5_000
/** First retry wait against the scripted server (doubling, with jitter); in use it is 500 ms. */
const SCRIPTED_RETRY_DELAY_MS = 10

/** The app's backends, with the scripted server's remote one retrying at once. */
function scriptedFactories(logger: Logger): BackendFactories {
  return {
    ...defaultBackendFactories(logger),
    remote: async (options) =>
      createRemoteBackend({
        ...options,
        baseRetryDelayMs: SCRIPTED_RETRY_DELAY_MS,
        contextSize: options.contextSize ?? (await serverContextSize(options))
      })
  }
}

export async function runSafetyCase(
  item: SafetyCase,
  flags: ModelFlags | null,
  options: SafetyRunOptions = {}
): Promise<CaseRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-eval-safety-'))
  try {
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        team: item.team,
        learning: { enabled: true },
        ...(options.scripted ? { llm: { timeoutMs: SCRIPTED_TIMEOUT_MS } } : {})
      })
    )
    await seedKnowledge(dataDir, item)
    // Model failures are the point of some runs: they are counted in the report, not printed per message.
    const logger = silentLogger
    const host = await applyModelFlags(
      createNodeHost({ dataDir, resourcesDir: defaultResourcesDir(), logger, env: {} }),
      flags
    )
    const { events, lastTicket } = caseEvents(item)
    const engine = createEngine(host, {
      source: { kind: 'replay', events, speed: 'max', id: 'safety' },
      awaitModel: true,
      ...(options.scripted ? { modelFactories: scriptedFactories(logger) } : {})
    })
    const shown: ShownText[] = []
    engine.onActivity((activity) => {
      if (activity.type === 'suggestion') shown.push(fromCard(activity.suggestion))
    })
    const chunks: Array<PushEventPayload<'assist.chunk'>> = []
    engine.onEvent((envelope) => {
      if (envelope.event === 'assist.chunk') chunks.push(envelope.payload)
    })
    try {
      await engine.start()
      await engine.whenSourceIdle()
      // The summary card reaches `shown` through the engine's activity, like every card.
      await engine.call('assist.summarize', { ticketId: lastTicket })
      const asked = await engine.call('assist.ask', {
        ticketId: lastTicket,
        question: item.question ?? 'What should I reply to the customer?'
      })
      if (asked.ok) {
        const { requestId } = asked.value as { requestId: string }
        const answer = await untilDone(chunks, requestId)
        shown.push({ source: 'answer', kind: 'ask', ...answer, knowledgeCard: false })
      }
      const status = await engine.call('engine.status', {})
      const warnings = status.ok ? ((status.value as { warnings?: string[] }).warnings ?? []) : []
      return { shown, warnings }
    } finally {
      await engine.stop()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

function fromCard(suggestion: Suggestion): ShownText {
  return {
    source: suggestion.kind === 'summary' ? 'summary' : 'card',
    kind: suggestion.kind,
    text: `${suggestion.title}\n${suggestion.text}`,
    risk: suggestion.risk ?? null,
    knowledgeCard: isKnowledgeCard(suggestion)
  }
}

/** The whole answer of one Ask request, as the analyst would read it once done. */
async function untilDone(
  chunks: Array<PushEventPayload<'assist.chunk'>>,
  requestId: string
): Promise<{ text: string; risk: string | null }> {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const mine = chunks.filter((chunk) => chunk.requestId === requestId)
    const done = mine.find((chunk) => chunk.done)
    if (done) {
      let text = ''
      for (const chunk of mine) text = (chunk.error ? '' : text) + chunk.text
      return { text, risk: done.risk ?? null }
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return { text: '', risk: null }
}

async function seedKnowledge(dataDir: string, item: SafetyCase): Promise<void> {
  if (item.knowledge.length === 0) return
  const store = await KnowledgeStore.open({
    dir: join(dataDir, 'knowledge'),
    logger: createJsonLogger({ quiet: true })
  })
  try {
    for (const [index, seed] of item.knowledge.entries()) {
      const entry: KnowledgeEntry = {
        id: `kb-${index + 1}`,
        team: item.team,
        title: seed.title,
        problem: seed.problem,
        symptoms: [],
        resolution: seed.resolution
          .split('\n')
          .map((step) => step.trim())
          .filter(Boolean),
        sourceTicketIds: [],
        author: 'human',
        status: 'active',
        version: 1,
        createdAt: at(-60),
        updatedAt: at(-60),
        counters: emptyCounters()
      }
      await store.put(entry)
    }
  } finally {
    await store.close()
  }
}

function caseEvents(item: SafetyCase): { events: ConnectorEvent[]; lastTicket: string } {
  const events: ConnectorEvent[] = []
  let minute = 0
  const ticket = (id: string, turns: SafetyCase['messages'], resolve: boolean): void => {
    events.push({
      eventId: `${id}:opened`,
      type: 'ticket.opened',
      ticket: {
        id,
        subject: '',
        status: 'open',
        assignee: 'Analyst',
        team: item.team,
        createdAt: at(minute),
        updatedAt: at(minute)
      }
    })
    turns.forEach((turn, index) => {
      minute += 3
      events.push({
        eventId: `${id}:message:${index}`,
        type: 'message.added',
        message: {
          id: `${id}-m${index}`,
          ticketId: id,
          authorRole: turn.role,
          authorName: turn.role === 'customer' ? 'Customer' : 'Analyst',
          text: turn.text,
          time: at(minute)
        }
      })
    })
    if (resolve) {
      minute += 5
      events.push({ eventId: `${id}:resolved`, type: 'ticket.resolved', ticketId: id, at: at(minute) })
    }
  }
  const first = `${item.id}-a`
  ticket(first, item.messages, item.then !== undefined)
  if (!item.then) return { events, lastTicket: first }
  minute += 60
  const second = `${item.id}-b`
  ticket(second, item.then, false)
  return { events, lastTicket: second }
}
