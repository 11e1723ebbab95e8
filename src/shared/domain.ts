/**
 * The domain model shared by the engine, every host and the renderer.
 * Every value that crosses a boundary (connector, disk, IPC, HTTP) is parsed with these schemas.
 */
import { z } from 'zod'

/** An ISO-8601 timestamp with an explicit offset, e.g. `2026-03-02T09:15:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true })

const Id = z.string().min(1).max(200)

export const AuthorRole = z.enum(['customer', 'analyst', 'bot', 'system'])
export type AuthorRole = z.infer<typeof AuthorRole>

export const TicketStatus = z.enum(['new', 'open', 'pending', 'resolved', 'closed'])
export type TicketStatus = z.infer<typeof TicketStatus>

export const Ticket = z.object({
  id: Id,
  subject: z.string().max(500),
  status: TicketStatus,
  /** Analyst the ticket is assigned to; null when unassigned. */
  assignee: z.string().nullable(),
  /** Team (queue/group) whose knowledge applies to this ticket. */
  team: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Ticket = z.infer<typeof Ticket>

export const Message = z.object({
  id: Id,
  ticketId: Id,
  authorRole: AuthorRole,
  authorName: z.string().max(200),
  text: z.string().max(100_000),
  time: Timestamp,
  /**
   * An internal note (the team sees it, the customer does not): never read as a reply sent to the customer, nor as
   * something tried with them. Absent: a message of the conversation.
   */
  internal: z.boolean().optional()
})
export type Message = z.infer<typeof Message>

/**
 * answer: cited knowledge (or a model-written reply grounded in it); similar_case: one precedent; next_step: what to
 * check next when knowledge has nothing; summary: where the case stands; escalation: a conversation needing attention.
 */
export const SuggestionKind = z.enum(['answer', 'similar_case', 'next_step', 'summary', 'escalation'])
export type SuggestionKind = z.infer<typeof SuggestionKind>

/** The kinds of card whose text an analyst could send the customer (not alerts or summaries): what adoption is about. */
const SENDABLE_KINDS = ['answer', 'similar_case', 'next_step'] as const satisfies readonly SuggestionKind[]
export type SendableKind = (typeof SENDABLE_KINDS)[number]
export const isSendableKind = (kind: SuggestionKind): kind is SendableKind =>
  (SENDABLE_KINDS as readonly SuggestionKind[]).includes(kind)

export const Citation = z.object({
  entryId: Id,
  title: z.string(),
  sourceTicketIds: z.array(Id),
  /** Similarity of this entry to the conversation, 0..1 (for ranking and evaluation; not shown as a figure). */
  score: z.number().min(0).max(1),
  /** Why this entry is relevant, in words an analyst can judge ("matches the error code SSO-403; confirmed on 4 cases"). */
  relevance: z.string().max(300).optional(),
  /** The entry's full resolution steps, so the whole entry is one click away from its distilled card. */
  steps: z.array(z.string().max(4_000)).max(30).optional()
})
export type Citation = z.infer<typeof Citation>

export const FeedbackKind = z.enum(['adopted', 'liked', 'disliked', 'dismissed'])
export type FeedbackKind = z.infer<typeof FeedbackKind>

/**
 * How an analyst's sent reply reused a suggestion, seen without a click: `adopted` (sent nearly as is), `edited`
 * (part of it sent, or reworded), `ignored` (nothing of it sent before the ticket was resolved).
 */
export const SentReuse = z.enum(['adopted', 'edited', 'ignored'])
export type SentReuse = z.infer<typeof SentReuse>

export const Feedback = z.object({
  suggestionId: Id,
  kind: z.enum([...FeedbackKind.options, 'edited', 'ignored']),
  /** Optional free-text reason, mostly given with `dismissed` or `disliked`. */
  reason: z.string().max(500).optional(),
  at: Timestamp,
  /** `sent`: read from the analyst's sent reply; `button` (or absent, in older records): a click. */
  via: z.enum(['button', 'sent']).optional(),
  /** For `sent`: the share of the suggestion found in the reply, 0..1. */
  reuse: z.number().min(0).max(1).optional()
})
export type Feedback = z.infer<typeof Feedback>

export const Severity = z.enum(['low', 'medium', 'high', 'critical'])
export type Severity = z.infer<typeof Severity>

export const Suggestion = z
  .object({
    id: Id,
    ticketId: Id,
    team: Id,
    kind: SuggestionKind,
    title: z.string(),
    /** The text the analyst can adopt (copy) as a reply draft or note: what the customer may read, nothing else. */
    text: z.string(),
    /**
     * For the analyst only, shown on the card above the text and never adopted: which vendor or platform the steps
     * were written for ("That case was with Okta; this ticket names OneLogin."), and whether the full entry has more.
     */
    note: z.string().max(500).optional(),
    citations: z.array(Citation).max(3),
    confidence: z.number().min(0).max(1),
    /** Why Vigil spoke up, in words an analyst can judge. */
    reason: z.string(),
    /** The message that woke the pipeline. */
    triggerMessageId: Id.nullable(),
    createdAt: Timestamp,
    feedback: z.array(Feedback),
    /** Escalation alerts only. */
    severity: Severity.optional(),
    /** Written by a language model (grounded in the cited entries) rather than taken from knowledge verbatim. */
    generated: z.boolean().optional(),
    /**
     * Why the text is risky (it deletes data, disables a security control, asks for a secret, addresses the
     * assistant...): the card is shown flagged and is never adopted with one click. Absent when it passed the checks.
     */
    risk: z.string().max(300).optional()
  })
  .refine(
    (suggestion) => !['answer', 'similar_case'].includes(suggestion.kind) || suggestion.citations.length > 0,
    {
      message: 'an answer or similar case cites at least one knowledge entry',
      path: ['citations']
    }
  )
export type Suggestion = z.infer<typeof Suggestion>

/** A card that answers from the team's knowledge: an answer or a similar case, citing at least one entry. */
export const isKnowledgeCard = (suggestion: Pick<Suggestion, 'kind' | 'citations'>): boolean =>
  (suggestion.kind === 'answer' || suggestion.kind === 'similar_case') && suggestion.citations.length > 0

export const EntryAuthor = z.enum(['learned', 'human'])
export const EntryStatus = z.enum(['active', 'draft', 'retired'])
export type EntryStatus = z.infer<typeof EntryStatus>

export const EntryCounters = z.object({
  shown: z.number().int().nonnegative(),
  adopted: z.number().int().nonnegative(),
  liked: z.number().int().nonnegative(),
  disliked: z.number().int().nonnegative(),
  dismissed: z.number().int().nonnegative(),
  /** Seen in sent replies, apart from the buttons above (absent until the first). */
  adoptedSent: z.number().int().nonnegative().optional(),
  editedSent: z.number().int().nonnegative().optional(),
  ignoredSent: z.number().int().nonnegative().optional(),
  /**
   * The keys of the last changes applied (a card shown, a reaction: `<suggestion id>/<counter>`), written with the
   * counters they moved, so a change redone after a kill counts once (feedback/reactionEffects.ts).
   */
  applied: z.array(z.string().max(300)).max(16).optional()
})
export type EntryCounters = z.infer<typeof EntryCounters>

export const ProvenanceKind = z.enum([
  'learned',
  'merged',
  'confirmed',
  'refuted',
  'corrected',
  'retired',
  'approved',
  'edited',
  'rejected',
  'rolled-back',
  'written',
  /** A person put a retired entry back in use. */
  'restored',
  /** The model proposed a change (retire, rewrite) to a team-written entry; a person decides. */
  'proposed'
])
export type ProvenanceKind = z.infer<typeof ProvenanceKind>

/** One event in an entry's life: where it came from, who confirmed it, what changed it. */
export const ProvenanceEvent = z.object({
  kind: ProvenanceKind,
  at: Timestamp,
  ticketId: Id.optional(),
  /** The analyst messages the knowledge was taken from. */
  messageIds: z.array(Id).max(20).optional(),
  /** Who confirmed, edited or approved it (an analyst's display name). */
  by: z.string().max(200).optional(),
  note: z.string().max(500).optional()
})
export type ProvenanceEvent = z.infer<typeof ProvenanceEvent>

export const ReviewState = z.enum(['none', 'pending', 'approved', 'rejected'])
export type ReviewState = z.infer<typeof ReviewState>

export const KnowledgeEntry = z.object({
  id: Id,
  team: Id,
  title: z.string().min(1).max(300),
  /** The problem as customers describe it (scrubbed of personal data). */
  problem: z.string().min(1).max(20_000),
  /** Distinct wordings of the symptoms seen across merged cases. */
  symptoms: z.array(z.string().max(2_000)).max(50),
  /** Resolution steps, in order, from the analysts' side. */
  resolution: z.array(z.string().min(1).max(4_000)).min(1).max(30),
  /**
   * The resolution distilled for a card: the cause and the actions, at most about five sentences and 600
   * characters. Written when the entry is learned, merged, corrected or edited; absent on entries stored before.
   */
  summary: z.string().max(1_000).optional(),
  /**
   * The products, vendors and error codes the entry is about (Okta, Mimecast, SSO-403, HTTP 429). Entries about
   * different ones are never merged. Absent on entries stored before; then read from the entry's text.
   */
  subjects: z.array(z.string().max(100)).max(30).optional(),
  /** The most recent source tickets (at most 500; `observations` counts them all). */
  sourceTicketIds: z.array(Id).min(0).max(500),
  author: EntryAuthor,
  status: EntryStatus,
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  counters: EntryCounters,
  /** Resolved cases this entry was learned from or confirmed on. Default: the number of source tickets. */
  observations: z.number().int().nonnegative().optional(),
  /** How much Vigil trusts it, 0..1: rises when cases confirm it, falls when they refute it. Default 0.5. */
  confidence: z.number().min(0).max(1).optional(),
  /** Its history of origins and changes, newest last (the latest 100). */
  provenance: z.array(ProvenanceEvent).max(100).optional(),
  /** Why it is held for review as risky (destructive or credential-revealing steps); absent when not. */
  risk: z.string().max(300).optional(),
  /** Whether a person must approve it (`pending`) before it goes live. */
  review: ReviewState.optional()
})
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>

export const observationsOf = (entry: KnowledgeEntry): number =>
  entry.observations ?? entry.sourceTicketIds.length
export const confidenceOf = (entry: KnowledgeEntry): number => entry.confidence ?? 0.5

export const emptyCounters = (): EntryCounters => ({
  shown: 0,
  adopted: 0,
  liked: 0,
  disliked: 0,
  dismissed: 0
})

/**
 * A problem customers raised that the team's knowledge could not answer: one per normalised topic and team, the
 * tickets counted across, closed when knowledge appears that answers it.
 */
export const KnowledgeGap = z.object({
  id: Id,
  team: Id,
  /** The topic's key words, normalised (lower case, stop words out), e.g. "charged twice plan upgrade". */
  topic: z.string().max(300),
  /** How the first ticket put it (its subject, scrubbed). */
  title: z.string().max(500),
  /** The problem text retrieval is tried on again when knowledge changes (scrubbed). */
  query: z.string().max(2_000),
  /** Tickets that raised it (the most recent 100); `count` counts them all. */
  ticketIds: z.array(Id).max(100),
  count: z.number().int().positive(),
  firstSeen: Timestamp,
  lastSeen: Timestamp,
  status: z.enum(['open', 'closed']),
  /** The entry that answers it, once one does. */
  answeredBy: z.object({ entryId: Id, title: z.string(), at: Timestamp }).optional()
})
export type KnowledgeGap = z.infer<typeof KnowledgeGap>
