/**
 * The one contract between the renderer and the engine: a route table named `domain.verb`, each with a zod
 * input and output schema, plus the events the engine pushes. Electron IPC and the `vigil serve` HTTP/WebSocket
 * transport both carry exactly this.
 */
import { z } from 'zod'
import { Citation, Message, Suggestion } from './domain'
import { connectionRoutes } from './connectionContract'
import { EngineStatus, engineRoutes } from './engineContract'
import { knowledgeRoutes } from './knowledgeContract'
import { settingsRoutes } from './settingsContract'
import { statsRoutes } from './statsContract'
import { syncRoutes } from './syncContract'
import { CaseTracker, TicketSummary, ticketRoutes } from './ticketContract'

export { CaseTracker, TicketDetail, TicketSummary, TrackerLine } from './ticketContract'
export { EngineStatus, ModelCheck, ModelStatus, ModelTrust, SourceStatus } from './engineContract'
export { ConnectionView } from './connectionContract'
export { SettingsView } from './settingsContract'

export const routes = {
  ...engineRoutes,
  ...ticketRoutes,
  ...knowledgeRoutes,
  ...statsRoutes,
  ...settingsRoutes,
  ...connectionRoutes,
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
