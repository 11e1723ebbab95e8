/**
 * The team's figures: the workbench's analytics page and `vigil stats --json` show this one object, computed by the
 * engine from its own records for one team and date range.
 */
import { z } from 'zod'

const count = z.number().int().nonnegative()
const share = z.number().min(0).max(1).nullable()
const Kinds = z.object({
  answer: count,
  similar_case: count,
  next_step: count,
  summary: count,
  escalation: count
})
export type KindCounts = z.infer<typeof Kinds>
const Precision = z.object({ confirmed: count, refuted: count, precision: share })
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const StatsReport = z.object({
  team: z.string(),
  from: z.string(),
  to: z.string(),
  suggestions: z.object({ total: count, byKind: Kinds, perDay: z.array(Kinds.extend({ day: Day })) }),
  /**
   * Cards per kind of reaction: each kind counts once per card (as the entry counters do), so a card adopted and then
   * dismissed counts once in each. `sent` counts what was read from analysts' sent replies, apart from clicks.
   */
  reactions: z.object({
    adopted: count,
    edited: count,
    liked: count,
    disliked: count,
    dismissed: count,
    ignored: count,
    sent: z.object({ adopted: count, edited: count, ignored: count })
  }),
  /**
   * The suggestions an analyst could send (answers, similar cases, next steps), and how many ended adopted, edited or
   * dismissed: each card's outcome is its latest of those three reactions. The rates below are these over `sendable`.
   */
  outcomes: z.object({ sendable: count, adopted: count, edited: count, dismissed: count }),
  /** Shares of the suggestions an analyst could send, by outcome (see `outcomes`). */
  rates: z.object({ adoption: share, edit: share, dismiss: share }),
  /**
   * Cards (per kind) whose primary citation the case's resolution confirmed (the case confirmed or merged into the
   * entry), vs `refuted`: resolved another way (the case refuted or corrected the entry, or taught an entry of its
   * own). A count of cards, not of entries: replay's `refuted` counts entries the case review refuted.
   */
  precisionByKind: z.object({ answer: Precision, similar_case: Precision, next_step: Precision }).partial(),
  /** From a customer's first message to the first card that was used or confirmed, over tickets that got one. */
  timeToUsefulCard: z.object({
    tickets: count,
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable()
  }),
  knowledge: z.object({
    /** Active entries: the ones Vigil suggests. */
    entries: count,
    /** Drafts: not suggested until a person approves them (or enough cases agree). */
    drafts: count,
    learned: count,
    merged: count,
    corrected: count,
    retired: count,
    perDay: z.array(z.object({ day: Day, learned: count, merged: count, corrected: count, retired: count }))
  }),
  /** Entries by acceptance over the range (Zendesk's columns; the analytics page offers the last 30 days). */
  topEntries: z.array(
    z.object({
      entryId: z.string(),
      title: z.string(),
      shown: count,
      adopted: count,
      edited: count,
      liked: count,
      disliked: count,
      dismissed: count,
      acceptance: z.number().min(0).max(1)
    })
  ),
  gaps: z.object({
    open: count,
    closed: count,
    top: z.array(z.object({ title: z.string(), tickets: count, lastSeen: z.string() }))
  }),
  /** Messages the wake gate let pass without retrieval or a model call. */
  modelCallsAvoided: z.object({ messages: count, woken: count, avoided: count }),
  timeSaved: z.object({ minutes: z.number().nonnegative(), formula: z.string() })
})
export type StatsReport = z.infer<typeof StatsReport>

export const emptyKinds = (): KindCounts => ({
  answer: 0,
  similar_case: 0,
  next_step: 0,
  summary: 0,
  escalation: 0
})
