/**
 * The one contract between the renderer and the engine: a route table named `domain.verb`, each with a zod
 * input and output schema, plus the events the engine pushes. Electron IPC and the `vigil serve` HTTP/WebSocket
 * transport both carry exactly this.
 */
import { z } from 'zod'
import {
  Citation,
  EntryStatus,
  FeedbackKind,
  KnowledgeEntry,
  KnowledgeGap,
  Message,
  Severity,
  Suggestion,
  Ticket,
  Timestamp
} from './domain'
import { EntryFields, EntryFieldsEdit } from './knowledgeFields'
import { Settings, SettingsPatch } from './settings'
import { StatsReport } from './stats'
import { SyncTeamStatus, syncRoutes } from './syncContract'

const Empty = z.object({}).strict()

export const TicketSummary = Ticket.extend({
  messageCount: z.number().int().nonnegative(),
  suggestionCount: z.number().int().nonnegative(),
  lastMessageAt: Timestamp.nullable(),
  /** Where the case stands, e.g. "waiting on analyst", "stalled", "resolved". */
  phase: z.string(),
  /** Who asked: the first customer's display name; null before the customer wrote. */
  requester: z.string().nullable().optional(),
  /** The connection (or `demo`) the ticket came from; absent when not known. */
  source: z.string().optional(),
  /** The most severe escalation alert raised on the ticket; absent when none. */
  escalation: Severity.optional(),
  /** Resolved long ago and out of memory (listed from the archive); opening it brings it back. */
  archived: z.boolean().optional()
})
export type TicketSummary = z.infer<typeof TicketSummary>

/**
 * One line of the case tracker. `text` is Vigil's own words (or an analyst's); whatever the customer wrote is only
 * ever in `quote`, shown marked as their words, so an instruction in customer text is never presented as a step.
 */
export const TrackerLine = z.object({
  text: z.string(),
  quote: z.string().optional(),
  /** Whose words or action the line reports: `vigil` for what Vigil concludes from the ticket's state. */
  by: z.enum(['customer', 'analyst', 'vigil']),
  at: Timestamp.optional()
})
export type TrackerLine = z.infer<typeof TrackerLine>

/** Where a case stands, recomputed from the conversation on every message (pushed as `ticket.tracker`). */
export const CaseTracker = z.object({
  ticketId: z.string(),
  problem: z.array(TrackerLine),
  tried: z.array(TrackerLine),
  pending: z.array(TrackerLine),
  next: z.array(TrackerLine),
  /** Customer sentences addressed to an assistant (instructions, not facts about the case), left out. */
  leftOut: z.number().int().nonnegative(),
  /** The time of the last message it reflects. */
  updatedAt: Timestamp
})
export type CaseTracker = z.infer<typeof CaseTracker>

export const TicketDetail = z.object({
  ticket: TicketSummary,
  messages: z.array(Message),
  suggestions: z.array(Suggestion),
  /** The live case tracker; absent from engines that predate it. */
  tracker: CaseTracker.optional()
})
export type TicketDetail = z.infer<typeof TicketDetail>

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

/** A connection to a ticketing system as the connections screen sees it (its settings are validated by the engine). */
export const ConnectionView = z.object({
  config: z.looseObject({ id: z.string(), system: z.string(), baseUrl: z.string() }),
  /** Whether its token is in the secret store (the token itself never leaves the engine). */
  hasToken: z.boolean(),
  status: z.object({
    state: z.enum(['starting', 'connected', 'retrying', 'stopped']),
    error: z.string().nullable(),
    restarts: z.number().int().nonnegative(),
    stats: z
      .looseObject({
        delivered: z.number(),
        polls: z.number(),
        lastEventAt: z.string().nullable(),
        lastPollAt: z.string().nullable()
      })
      .nullable()
  }),
  /** Tickets from this connection that Vigil is watching. */
  watchedTickets: z.array(z.string())
})
export type ConnectionView = z.infer<typeof ConnectionView>

export const SettingsView = z.object({
  settings: Settings,
  warnings: z.array(z.string()),
  /** Whether the remote server's API key is in the secret store (the key itself never leaves the engine). */
  hasRemoteApiKey: z.boolean().optional()
})
export type SettingsView = z.infer<typeof SettingsView>

export const routes = {
  'engine.status': { input: Empty, output: EngineStatus },
  'tickets.list': { input: Empty, output: z.array(TicketSummary) },
  'tickets.get': { input: z.object({ ticketId: z.string().min(1) }), output: TicketDetail },
  /** Tickets whose messages contain every word of the query (case-insensitive), most recent first. */
  'tickets.search': {
    input: z.object({ query: z.string().min(1).max(500) }),
    /** `ticket`: the summary of a ticket that left memory (the list may not hold it yet). */
    output: z.array(z.object({ ticketId: z.string(), excerpt: z.string(), ticket: TicketSummary.optional() }))
  },
  'suggestions.list': {
    input: z.object({
      ticketId: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(500).default(50)
    }),
    output: z.array(Suggestion)
  },
  'suggestions.react': {
    input: z.object({
      suggestionId: z.string().min(1),
      kind: FeedbackKind,
      reason: z.string().max(500).optional()
    }),
    output: Suggestion
  },
  'knowledge.list': {
    input: z.object({
      team: z.string().min(1).optional(),
      query: z.string().max(2_000).optional(),
      /** `review`: only entries waiting for a person (the review queue). Default all. */
      filter: z.enum(['all', 'review']).optional(),
      /** Without a query: at most this many entries, newest first, after skipping `offset`. Default all. */
      limit: z.number().int().positive().max(10_000).optional(),
      offset: z.number().int().nonnegative().optional()
    }),
    output: z.array(KnowledgeEntry)
  },
  /**
   * One page of the team's knowledge for the Knowledge screen: newest first (or by relevance with a query), filtered
   * by review state and status, with the team's counts from its catalogue. `total` is null for a search (it is not
   * counted to the end); `more` says whether another page follows.
   */
  'knowledge.page': {
    input: z.object({
      team: z.string().min(1).optional(),
      query: z.string().max(2_000).optional(),
      filter: z.enum(['all', 'review']).optional(),
      status: EntryStatus.optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().nonnegative().max(1_000_000).default(0)
    }),
    output: z.object({
      entries: z.array(KnowledgeEntry),
      total: z.number().int().nonnegative().nullable(),
      more: z.boolean(),
      /** Every entry of the team by status, whatever the filter (rejected drafts apart from retired). */
      counts: z.object({
        active: z.number().int().nonnegative(),
        draft: z.number().int().nonnegative(),
        retired: z.number().int().nonnegative(),
        rejected: z.number().int().nonnegative()
      }),
      /** Entries waiting for a person's review: the review queue's badge. */
      waiting: z.number().int().nonnegative()
    })
  },
  /** The team's entries that have one of these tickets among their source tickets (what the gaps list notes). */
  'knowledge.learnedFrom': {
    input: z.object({
      team: z.string().min(1).optional(),
      ticketIds: z.array(z.string().min(1).max(300)).max(5_000)
    }),
    output: z.array(KnowledgeEntry)
  },
  'knowledge.review': {
    input: z.object({
      team: z.string().min(1).optional(),
      entryId: z.string().min(1),
      action: z.enum(['approve', 'reject', 'edit']),
      note: z.string().max(500).optional(),
      edit: z
        .object({
          title: z.string().min(1).max(300).optional(),
          problem: z.string().min(1).max(20_000).optional(),
          resolution: z.array(z.string().min(1).max(4_000)).min(1).max(30).optional()
        })
        .optional()
    }),
    output: KnowledgeEntry
  },
  'knowledge.history': {
    input: z.object({ team: z.string().min(1).optional(), entryId: z.string().min(1) }),
    /** Earlier versions, oldest first; the current one is in the knowledge list. */
    output: z.array(KnowledgeEntry)
  },
  'knowledge.rollback': {
    input: z.object({
      team: z.string().min(1).optional(),
      entryId: z.string().min(1),
      version: z.number().int().positive()
    }),
    output: KnowledgeEntry
  },
  /** A new active entry written by hand (author: the analyst); one with risky steps waits for review. */
  'knowledge.create': {
    input: EntryFields.extend({ team: z.string().min(1).optional() }),
    output: KnowledgeEntry
  },
  /** Changes an entry that is not waiting for review, as a new version (the one replaced joins its history). */
  'knowledge.edit': {
    input: z.object({
      team: z.string().min(1).optional(),
      entryId: z.string().min(1),
      edit: EntryFieldsEdit
    }),
    output: KnowledgeEntry
  },
  /** Takes an active entry out of use (`retire`, with an optional reason) or puts a retired one back (`restore`). */
  'knowledge.setStatus': {
    input: z.object({
      team: z.string().min(1).optional(),
      entryId: z.string().min(1),
      action: z.enum(['retire', 'restore']),
      note: z.string().max(300).optional()
    }),
    output: KnowledgeEntry
  },
  'knowledge.gaps': {
    input: z.object({
      team: z.string().min(1).optional(),
      /** `open`: only problems still unanswered. Default all, open ones first. */
      status: z.enum(['open', 'all']).optional()
    }),
    /** Open gaps first, then the most frequent, then the most recent. */
    output: z.array(KnowledgeGap)
  },
  'stats.get': {
    input: z.object({
      team: z.string().min(1).optional(),
      /** Inclusive days, e.g. 2026-11-01; default: everything recorded. */
      from: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      to: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      /** The last N days up to the engine's clock (the replay's time during a demo); instead of from/to. */
      days: z.number().int().min(1).max(3660).optional()
    }),
    output: StatsReport
  },
  'settings.get': { input: Empty, output: SettingsView },
  'settings.update': { input: SettingsPatch, output: SettingsView },
  'assist.ask': {
    input: z.object({ ticketId: z.string().min(1), question: z.string().min(1).max(2_000) }),
    /** The answer streams as `assist.chunk` events carrying this request id. */
    output: z.object({ requestId: z.string() })
  },
  'assist.summarize': { input: z.object({ ticketId: z.string().min(1) }), output: Suggestion },
  'secrets.setRemoteApiKey': {
    input: z.object({ apiKey: z.string().max(4_000) }),
    output: z.object({ stored: z.boolean() })
  },
  'connections.list': { input: Empty, output: z.array(ConnectionView) },
  'connections.test': {
    input: z.object({ config: z.record(z.string(), z.unknown()), token: z.string().max(4_000).optional() }),
    output: z.object({ ok: z.boolean(), message: z.string() })
  },
  'connections.save': {
    input: z.object({ config: z.record(z.string(), z.unknown()), token: z.string().max(4_000).optional() }),
    output: ConnectionView
  },
  'connections.remove': {
    input: z.object({ id: z.string().min(1) }),
    output: z.object({ removed: z.boolean() })
  },
  'suggestions.postNote': {
    input: z.object({ suggestionId: z.string().min(1) }),
    output: z.object({ posted: z.boolean(), ticketId: z.string() })
  },
  'demo.control': {
    input: z.object({
      /** `speed`: only sets the speed (given in `speed`), whatever the state. */
      action: z.enum(['pause', 'resume', 'restart', 'speed']),
      /** A multiple of the demo's designed pace. */
      speed: z.number().positive().max(100_000).optional()
    }),
    output: SourceStatus
  },
  ...syncRoutes
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export type Routes = typeof routes
export type RouteName = keyof Routes
export type RouteInput<K extends RouteName> = z.input<Routes[K]['input']>
export type RouteParsedInput<K extends RouteName> = z.output<Routes[K]['input']>
export type RouteOutput<K extends RouteName> = z.output<Routes[K]['output']>

/** Exhaustive handler map: a missing route is a compile error. */
export type RouteHandlers = {
  [K in RouteName]: (input: RouteParsedInput<K>) => Promise<RouteOutput<K>>
}

export const isRouteName = (name: unknown): name is RouteName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(routes, name)

/** Events the engine pushes to every connected renderer. */
export const pushEvents = {
  'suggestion.added': Suggestion,
  'suggestion.updated': Suggestion,
  'ticket.changed': TicketSummary,
  'message.added': Message,
  /** A ticket's case tracker changed (a message arrived, a card was shown, the ticket resolved). */
  'ticket.tracker': CaseTracker,
  'knowledge.changed': z.object({
    team: z.string(),
    entryId: z.string(),
    change: z.enum(['learned', 'merged', 'updated'])
  }),
  'engine.status': EngineStatus,
  /** A team's knowledge gaps changed (one opened, counted, withdrawn or closed). */
  'knowledge.gapsChanged': z.object({ team: z.string() }),
  'assist.chunk': z.object({
    requestId: z.string(),
    ticketId: z.string(),
    /** The next piece of the answer (may be empty on the last event). */
    text: z.string(),
    done: z.boolean(),
    citations: z.array(Citation),
    error: z.string().nullable(),
    /** Why the model's answer is flagged as risky; it is then shown flagged. Absent when it passed the checks. */
    risk: z.string().optional()
  })
} as const satisfies Record<string, z.ZodType>

export type PushEvents = typeof pushEvents
export type PushEventName = keyof PushEvents
export type PushEventPayload<K extends PushEventName> = z.output<PushEvents[K]>
export type PushEnvelope = {
  [K in PushEventName]: { event: K; payload: PushEventPayload<K> }
}[PushEventName]

export { ipcChannels } from './ipcChannels'

/** HTTP paths used by `vigil serve`. */
export const httpPaths = { call: '/api/call', socket: '/api/events' } as const
