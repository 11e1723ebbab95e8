/**
 * The settings groups that tune the engine's work on conversations: when a suggestion is worth showing (pipeline),
 * and how resolved tickets become knowledge and how readily Vigil interrupts (learning). Part of `Settings`.
 */
import { z } from 'zod'

export const PipelineSettings = z.object({
  /** Similarity (0..1) at which any entry, even a single precedent, is worth showing. Default 0.2. */
  answerThreshold: z.number().min(0).max(1).default(0.2),
  /** Similarity at which an entry confirmed on two or more tickets is worth showing. Default 0.12. */
  confirmedThreshold: z.number().min(0).max(1).default(0.12),
  /**
   * An entry confirmed on two or more tickets that answered at least this share of the team's resolved tickets is
   * the team's common answer: shown whenever the conversation matches it at all. Default 0.14; 1 turns it off.
   */
  dominantShare: z.number().min(0).max(1).default(0.14),
  /**
   * Probability (0..1, learned from the team's resolved cases) at which an entry the conversation's words favour is
   * shown as the likely answer. Default 0.3; 1 turns the rule off.
   */
  likelyAnswer: z.number().min(0).max(1).default(0.3),
  /** Quiet period after a suggestion on the same ticket, in seconds of conversation time. Default 120. */
  cooldownSeconds: z.number().int().min(0).max(86_400).default(120),
  /** A suggestion whose text is this similar (0..1) to one already shown on the ticket is suppressed. Default 0.8. */
  duplicateSimilarity: z.number().min(0).max(1).default(0.8),
  /** A customer message left unanswered this long makes the case "stalled" and wakes Vigil. Default 15. */
  stalledAfterMinutes: z.number().int().min(1).max(10_080).default(15),
  /** Citations per suggestion. Default 3 (the maximum). */
  maxCitations: z.number().int().min(1).max(3).default(3),
  /**
   * Time budget of one message's model stages, in seconds: past it, the unfinished stages are abandoned and the
   * message gets the retrieval-only result. Default 20.
   */
  messageBudgetSeconds: z.number().int().min(1).max(600).default(20)
})

export const LearningSettings = z.object({
  /** Learn knowledge entries from resolved tickets. Default true. */
  enabled: z.boolean().default(true),
  /** Similarity (0..1) above which a newly learned entry merges into an existing one. Default 0.2. */
  mergeThreshold: z.number().min(0).max(1).default(0.2),
  /**
   * When learned entries go live: `immediately`, `after-observations` (once `minObservations` cases agree), or
   * `after-approval` (a person approves each in the review queue). Default immediately.
   */
  publish: z.enum(['immediately', 'after-observations', 'after-approval']).default('immediately'),
  /** Cases needed before a learned entry goes live under `after-observations`. Default 2. */
  minObservations: z.number().int().min(1).max(100).default(2),
  /** An entry refuted this many times (and no longer trusted) is retired. Default 3. */
  retireAfterFailures: z.number().int().min(1).max(100).default(3),
  /** Tune how readily Vigil interrupts from the reactions it gets. Default true. */
  adaptive: z.boolean().default(true),
  /** The share of shown suggestions that should be adopted or liked; adaptation aims for it. Default 0.8. */
  targetAcceptance: z.number().min(0.1).max(1).default(0.8)
})
