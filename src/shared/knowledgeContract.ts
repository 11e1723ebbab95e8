/**
 * The contract's knowledge routes (spread into `routes` in contract.ts): listing, paging and searching a team's
 * entries, the review queue, history and rollback, hand-written entries and edits, retiring, and knowledge gaps.
 */
import { z } from 'zod'
import { EntryStatus, KnowledgeEntry, KnowledgeGap } from './domain'
import { EntryFields, EntryFieldsEdit } from './knowledgeFields'

export const knowledgeRoutes = {
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
  }
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>
