/**
 * The process the kill test SIGKILLs: replays demo cases through a real engine with learning, analysts' reactions
 * and frequent knowledge compaction, and prints one JSON line per thing it has durably done (an acknowledgement),
 * so the parent knows what must survive a kill.
 *
 * Each start has two phases. First the engine opens the data folder with no source: it redoes whatever a kill
 * interrupted (learning, a message's cards), the worker gives the reactions an analyst would have given to cards
 * shown just before the kill, and prints the `state` it found. Then the replay runs on from its cursor to the end and
 * the worker prints the `final` knowledge.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { FeedbackKind, KnowledgeEntry, Suggestion } from '../../../shared/domain'
import type { EngineStatus } from '../../../shared/contract'
import { z } from 'zod'
import { demoCaseEvents, loadDemoSet } from '../../engine/connectors/demoCases'
import { createEngine } from '../../engine/createEngine'
import type { Engine, EngineActivity } from '../../engine/types'
import { readJsonLines } from '../../engine/storage/jsonLines'
import { createNodeHost } from '../../headless/nodeHost'
import type { Logger } from '../../engine/host'
import type { CommandIo } from '../../cli/io'

export interface KillWorkerOptions {
  dataDir: string
  resourcesDir: string
  /** Demo cases replayed (the first N). */
  cases: number
}

/** Knowledge compacts after this many records: small, so kills land during compaction too. */
const COMPACT_EVERY = 4

/** The analyst's reaction to a card: fixed by its id, so every run of the same input reacts the same way. */
export function reactionTo(suggestionId: string): FeedbackKind | null {
  const byte = createHash('sha256').update(suggestionId).digest()[0]! % 3
  return byte === 0 ? 'liked' : byte === 1 ? 'disliked' : null
}

const quietLogger: Logger = { info() {}, warn() {}, error() {} }

export async function runKillWorker(options: KillWorkerOptions, io: CommandIo): Promise<number> {
  const print = (record: unknown) => io.stdout.write(`${JSON.stringify(record)}\n`)
  const host = () =>
    createNodeHost({
      dataDir: options.dataDir,
      resourcesDir: options.resourcesDir,
      logger: quietLogger,
      env: {}
    })
  const demo = await loadDemoSet(join(options.resourcesDir, 'demo', 'cases.json'))
  const events = demoCaseEvents(demo.cases.slice(0, options.cases))

  // Phase 1: open with no source, let the engine finish what a kill interrupted, react to unanswered cards.
  const opening = createEngine(host(), { source: { kind: 'none' }, knowledgeCompactEvery: COMPACT_EVERY })
  watch(opening, print)
  await opening.start()
  await opening.whenSourceIdle()
  const restored = await value<Suggestion[]>(opening, 'suggestions.list', { limit: 500 })
  for (const suggestion of [...restored].reverse()) await react(opening, suggestion, print)
  print({ type: 'state', ...(await snapshot(opening, options.dataDir)) })
  await opening.stop()

  // Phase 2: the replay runs on from its stored cursor.
  const engine = createEngine(host(), {
    source: { kind: 'replay', id: 'kill', events, speed: 'max' },
    knowledgeCompactEvery: COMPACT_EVERY,
    waitForWork: true
  })
  watch(engine, print)
  const reacting = new Set<Promise<void>>()
  engine.onEvent((envelope) => {
    if (envelope.event !== 'suggestion.added') return
    const reaction = react(engine, envelope.payload as Suggestion, print)
    reacting.add(reaction)
    void reaction.finally(() => reacting.delete(reaction))
  })
  print({ type: 'replaying' })
  await engine.start()
  await engine.whenSourceIdle()
  await Promise.all(reacting)
  const entries = await value<KnowledgeEntry[]>(engine, 'knowledge.list', {})
  print({
    type: 'final',
    entries: entries.map((entry) => ({ team: entry.team, id: entry.id, sources: entry.sourceTicketIds })),
    unlearned: await unlearned(options.dataDir)
  })
  await engine.stop()
  return 0
}

/** Acknowledges every knowledge version the engine wrote: activity is reported once the write is durable. */
function watch(engine: Engine, print: (record: unknown) => void): void {
  engine.onActivity((activity: EngineActivity) => {
    if ('entry' in activity && activity.entry)
      print({
        type: 'ack-entry',
        team: activity.entry.team,
        id: activity.entry.id,
        version: activity.entry.version
      })
  })
}

async function react(
  engine: Engine,
  suggestion: Suggestion,
  print: (record: unknown) => void
): Promise<void> {
  const kind = reactionTo(suggestion.id)
  if (!kind || suggestion.feedback.some((feedback) => feedback.kind === kind)) return
  const result = await engine.call('suggestions.react', { suggestionId: suggestion.id, kind })
  if (result.ok) print({ type: 'ack-reaction', suggestionId: suggestion.id, kind })
}

async function value<T>(engine: Engine, route: string, input: unknown): Promise<T> {
  const result = await engine.call(route, input)
  if (!result.ok) throw new Error(`${route}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

/** What the parent checks after a restart: entries with every stored version, reactions, problems, unlearned. */
async function snapshot(engine: Engine, dataDir: string) {
  const entries = await value<KnowledgeEntry[]>(engine, 'knowledge.list', {})
  const versions: Record<string, number[]> = {}
  for (const entry of entries) {
    const history = await value<KnowledgeEntry[]>(engine, 'knowledge.history', {
      team: entry.team,
      entryId: entry.id
    })
    versions[`${entry.team}/${entry.id}`] = [...history.map((item) => item.version), entry.version]
  }
  const suggestions = await value<Suggestion[]>(engine, 'suggestions.list', { limit: 500 })
  const status = await value<EngineStatus>(engine, 'engine.status', {})
  return {
    versions,
    reactions: suggestions.flatMap((suggestion) =>
      suggestion.feedback.map((feedback) => `${suggestion.id}/${feedback.kind}`)
    ),
    warnings: status.warnings,
    unlearned: await unlearned(dataDir)
  }
}

/** Resolutions in the event log that the learning journal does not list. */
async function unlearned(dataDir: string): Promise<number> {
  const logged = await readJsonLines(
    join(dataDir, 'events.jsonl'),
    z.object({ event: z.object({ type: z.string(), eventId: z.string() }) })
  )
  const learned = new Set(
    (await readJsonLines(join(dataDir, 'learned.jsonl'), z.object({ eventId: z.string() }))).map(
      (record) => record.eventId
    )
  )
  return logged.filter(({ event }) => event.type === 'ticket.resolved' && !learned.has(event.eventId)).length
}
