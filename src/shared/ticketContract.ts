/**
 * The contract's tickets (spread into `routes` in contract.ts): the ticket list and detail with the live case
 * tracker, ticket search, the suggestions shown on a ticket and the analyst's reactions, and Ask / Summarize.
 */
import { z } from 'zod'
import { FeedbackKind, Message, Severity, Suggestion, Ticket, Timestamp } from './domain'

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

export const ticketRoutes = {
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
  'suggestions.postNote': {
    input: z.object({ suggestionId: z.string().min(1) }),
    output: z.object({ posted: z.boolean(), ticketId: z.string() })
  },
  'assist.ask': {
    input: z.object({ ticketId: z.string().min(1), question: z.string().min(1).max(2_000) }),
    /** The answer streams as `assist.chunk` events carrying this request id. */
    output: z.object({ requestId: z.string() })
  },
  'assist.summarize': { input: z.object({ ticketId: z.string().min(1) }), output: Suggestion }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
