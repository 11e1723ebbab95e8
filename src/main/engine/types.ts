/** The engine as every host sees it. Built by `createEngine` (the one composition root). */
import type { PushEnvelope } from '../../shared/contract'
import type { KnowledgeEntry, Suggestion } from '../../shared/domain'
import type { Result } from '../../shared/errors'
import type { ConnectorEvent } from '../../shared/events'
import type { ConnectorFactory } from './connections/connectionRegistry'
import type { BackendFactories } from './llm/modelManager'

/** What the engine did, for headless hosts (CLI output, evaluation) that need more than the renderer events. */
export type EngineActivity =
  | { type: 'suggestion'; suggestion: Suggestion }
  | { type: 'silent'; ticketId: string; messageId: string | null; stage: string; reason: string }
  | {
      type: 'learned' | 'merged' | 'confirmed' | 'corrected' | 'refuted' | 'retired'
      entry: KnowledgeEntry
      ticketId: string
      similarity: number
    }
  | { type: 'skipped-event'; eventId: string | null; reason: string }
  /** Learning from a resolution failed for a fixable reason; it stays pending (see learning/pendingLearning.ts). */
  | { type: 'not-learned'; ticketId: string; eventId: string; reason: string }
  /** What the analyst's sent replies reused of a suggestion (`ignored`: nothing, by resolution). */
  | { type: 'reuse'; suggestion: Suggestion; kind: 'adopted' | 'edited' | 'ignored' }

export interface Engine {
  /**
   * Runs one contract route: validates `input` against the route's zod schema, runs the handler, validates
   * nothing else. Never throws: failures come back as `{ ok: false, error: { code, message } }`.
   */
  call(route: string, input: unknown): Promise<Result<unknown>>
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (envelope: PushEnvelope) => void): () => void
  /** Subscribes to what the engine decides and learns; returns the unsubscribe function. */
  onActivity(listener: (activity: EngineActivity) => void): () => void
  /** Loads settings and knowledge, rebuilds conversation state from the event log, starts the source. */
  start(): Promise<void>
  /** Stops the source and flushes everything to disk. Safe to call twice. */
  stop(): Promise<void>
  /** Resolves when a finite source (the demo replay) has delivered and processed every event. */
  whenSourceIdle(): Promise<void>
}

/** Where tickets come from. `none` means the engine only serves what it already has on disk. */
export type SourceOptions =
  | {
      kind: 'demo'
      /** Multiple of the pace (the schedule's, or real time for a `file`), or 'max' for no waiting. Default: the `demo.speed` setting. */
      speed?: number | 'max'
      /**
       * A cases file in the demo format, played at its recorded time × speed; default the built-in cases, played
       * at the pace of `resources/demo/schedule.json` × speed.
       */
      file?: string
      /** How the replay waits between events; injected by tests (a fake clock). Default a real timer. */
      sleep?: (ms: number, signal: AbortSignal) => Promise<void>
    }
  | {
      /** Recorded events played through the same replay connector (evaluation, tests). */
      kind: 'replay'
      events: readonly ConnectorEvent[]
      speed?: number | 'max'
      /** Cursor key; default 'replay'. */
      id?: string
    }
  | { kind: 'none' }

export interface EngineOptions {
  source: SourceOptions
  /** How language-model backends are built. Default: node-llama-cpp for local files, HTTP for remote servers. */
  modelFactories?: BackendFactories
  /** How connections to ticketing systems are built. Default: the real connectors (tests pass their own). */
  connectorFactory?: ConnectorFactory
  /** Start the source only once the configured model has loaded (or failed): reproducible headless runs. */
  awaitModel?: boolean
  /**
   * How resolved cases become knowledge: `curated` (review, extract, merge, confirm, correct, retire) or
   * `verbatim` (each case stored as written; the evaluation's reference to show what curation adds). Default curated.
   */
  learning?: 'curated' | 'verbatim'
  /**
   * Learn which customer wordings led to which entry and match new conversations on them too. Default true; the
   * evaluation switches it off to measure what it adds.
   */
  wordingModel?: boolean
  /**
   * The source waits for each event's work (cards, learning) before the next, even with a model: each message is
   * then measured alone (the model benchmark). Default false: tickets run concurrently (scheduling/ticketQueues.ts).
   */
  waitForWork?: boolean
  /** Compact a team's knowledge log after this many records (default 500); the kill test compacts often. */
  knowledgeCompactEvery?: number
  /** events.jsonl is rotated at start once it is at least this big (storage/eventRotation.ts). Default 4 MiB. */
  rotateAboveBytes?: number
}
