/** The figures of the analytics page and `vigil stats --json`: one team, one date range, from the engine's records. */
import type { SuggestionKind } from '../../../shared/domain'

export interface KindCounts {
  answer: number
  similar_case: number
  next_step: number
  summary: number
  escalation: number
}

export interface StatsReport {
  team: string
  from: string
  to: string
  suggestions: { total: number; byKind: KindCounts; perDay: Array<{ day: string } & KindCounts> }
  /** First reactions; `sent` counts what was read from analysts' sent replies, apart from button clicks. */
  reactions: {
    adopted: number
    edited: number
    liked: number
    disliked: number
    dismissed: number
    ignored: number
    sent: { adopted: number; edited: number; ignored: number }
  }
  /** Shares of the suggestions an analyst could send (answers, similar cases, next steps). */
  rates: { adoption: number | null; edit: number | null; dismiss: number | null }
  /** Cited entries confirmed by the case's resolution vs refuted by it, per kind. */
  precisionByKind: Partial<
    Record<SuggestionKind, { confirmed: number; refuted: number; precision: number | null }>
  >
  /** From a customer's first message to the first card that was used or confirmed, over tickets that got one. */
  timeToUsefulCard: { tickets: number; medianSeconds: number | null; p90Seconds: number | null }
  knowledge: {
    entries: number
    learned: number
    merged: number
    corrected: number
    retired: number
    perDay: Array<{ day: string; learned: number; merged: number; corrected: number; retired: number }>
  }
  /** Entries by acceptance over the last 30 days of the range (Zendesk's columns). */
  topEntries: Array<{
    entryId: string
    title: string
    shown: number
    adopted: number
    edited: number
    liked: number
    disliked: number
    dismissed: number
    acceptance: number
  }>
  gaps: { open: number; closed: number; top: Array<{ title: string; tickets: number; lastSeen: string }> }
  /** Messages the wake gate let pass without retrieval or a model call. */
  modelCallsAvoided: { messages: number; woken: number; avoided: number }
  timeSaved: { minutes: number; formula: string }
}

export const emptyKinds = (): KindCounts => ({
  answer: 0,
  similar_case: 0,
  next_step: 0,
  summary: 0,
  escalation: 0
})
