/**
 * The contract's engine status (spread into `routes` in contract.ts): the event source (demo or replay) and its
 * controls, the language model and whether Vigil trusts it, and the status line's figures and warnings.
 */
import { z } from 'zod'
import { Timestamp } from './domain'
import { SyncTeamStatus } from './syncContract'

const Empty = z.object({}).strict()

export const SourceStatus = z.object({
  kind: z.enum(['demo', 'replay', 'none']),
  state: z.enum(['idle', 'running', 'paused', 'finished', 'error']),
  /** Events delivered so far and in total (total is null for live sources). */
  delivered: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  speed: z.number().positive().nullable(),
  error: z.string().nullable(),
  /** What the current phase of the demo's schedule shows, in a sentence; absent or null without a schedule. */
  phase: z.string().nullable().optional()
})
export type SourceStatus = z.infer<typeof SourceStatus>

/** One case of the built-in self-check a model runs when it loads. */
export const ModelCheck = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** What the model answered, or why the check failed. */
  detail: z.string()
})
export type ModelCheck = z.infer<typeof ModelCheck>

/**
 * Whether Vigil trusts the loaded model. checking: the self-check runs (retrieval-only meanwhile); reliable: it
 * passed; unreliable: it failed the self-check; confused: it passed, but its verdicts then kept contradicting strong
 * retrieval evidence. Only a reliable model is used, unless the user chose to use it anyway (`overridden`).
 */
export const ModelTrust = z.object({
  verdict: z.enum(['checking', 'reliable', 'unreliable', 'confused']),
  /** The pipeline uses the model now; false means retrieval-only. */
  inUse: z.boolean(),
  /** The setting `llm.useUnreliableModel` keeps an unreliable or confused model in use. */
  overridden: z.boolean(),
  checks: z.array(ModelCheck),
  /** One sentence a person can act on. */
  message: z.string()
})
export type ModelTrust = z.infer<typeof ModelTrust>

export const ModelStatus = z.object({
  mode: z.enum(['off', 'local', 'remote']),
  state: z.enum(['off', 'loading', 'ready', 'error']),
  /** Load progress 0..1 while loading. */
  progress: z.number().min(0).max(1).nullable(),
  /** The model file or remote model in use. */
  model: z.string().nullable(),
  /** What went wrong, in words a person can act on; Vigil runs retrieval-only meanwhile. */
  error: z.string().nullable(),
  /** The self-check and run-time trust of a loaded model; null while none is loaded. */
  trust: ModelTrust.nullable().optional(),
  /** Whether the loaded model answers, in words: "working", or paused after failures in a row and when it is tried again. */
  health: z.string().optional()
})
export type ModelStatus = z.infer<typeof ModelStatus>

export const EngineStatus = z.object({
  team: z.string(),
  source: SourceStatus,
  tickets: z.number().int().nonnegative(),
  suggestions: z.number().int().nonnegative(),
  knowledgeEntries: z.number().int().nonnegative(),
  /**
   * The engine's clock when it reported: in a demo or replay the time of the latest event (the demo's clock), else
   * the computer's; absent from engines that predate it.
   */
  now: Timestamp.optional(),
  /** The team's entries by status, as the Knowledge screen lists them; absent from engines that predate it. */
  knowledgeByStatus: z
    .object({
      active: z.number().int().nonnegative(),
      draft: z.number().int().nonnegative(),
      retired: z.number().int().nonnegative(),
      /** Drafts a reviewer rejected (never in use), counted apart from retired; absent from older engines. */
      rejected: z.number().int().nonnegative().optional()
    })
    .optional(),
  /** The language model; absent from engines that predate it. */
  model: ModelStatus.optional(),
  /** Messages processed and model calls made since start: the share of messages that reach the model. */
  messages: z.number().int().nonnegative().optional(),
  llmCalls: z.number().int().nonnegative().optional(),
  /** How readily Vigil currently interrupts for the analyst's team, and why. */
  adaptation: z
    .object({
      team: z.string(),
      scale: z.number(),
      acceptance: z.number().nullable(),
      reactions: z.number().int().nonnegative(),
      explanation: z.string()
    })
    .optional(),
  /** Problems a person should see: invalid settings replaced by defaults, a knowledge file that failed to load. */
  warnings: z.array(z.string()),
  /**
   * While the team's knowledge is still being prepared after start (its saved catalogue or search index was missing,
   * e.g. entries copied in): entries catalogued so far of all, and whether search answers yet. Absent once ready.
   */
  knowledgePreparing: z
    .object({
      catalogued: z.number().int().nonnegative(),
      of: z.number().int().nonnegative(),
      searchable: z.boolean()
    })
    .optional(),
  /** Team knowledge sync, per team with a sync remote (or a bundle taken in); absent when none is set. */
  sync: z.array(SyncTeamStatus).optional()
})
export type EngineStatus = z.infer<typeof EngineStatus>

export const engineRoutes = {
  'engine.status': { input: Empty, output: EngineStatus },
  'demo.control': {
    input: z.object({
      /** `speed`: only sets the speed (given in `speed`), whatever the state. */
      action: z.enum(['pause', 'resume', 'restart', 'speed']),
      /** A multiple of the demo's designed pace. */
      speed: z.number().positive().max(100_000).optional()
    }),
    output: SourceStatus
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
