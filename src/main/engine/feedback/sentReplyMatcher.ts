/**
 * Did the analyst's reply reuse a suggestion? Measured on word trigrams, which copying keeps and independent
 * writing about the same problem rarely produces: `suggestionShare` is how much of the suggestion went out,
 * `replyShare` how much of the reply came from it.
 */

/**
 * Thresholds, chosen on the demo (55 pairs of a knowledge suggestion and a later analyst message on its ticket,
 * written without seeing the suggestion): there the most of a suggestion found in a reply was 0.22 and the most of a
 * reply found in a suggestion 0.31. The suggestion sent with a greeting scores 1.0; half of it plus a sentence of the
 * analyst's own 0.40-0.67 of the suggestion and 0.78-0.90 of the reply; two of its lines alone 1.0 of the reply.
 */
export const REUSE_THRESHOLDS = {
  /** Adopted: at least this share of the suggestion's trigrams is in the reply. */
  adopted: 0.7,
  /** Edited: at least this share of the suggestion is in the reply... */
  editedSuggestion: 0.35,
  /** ...or at least this share of the reply comes from the suggestion... */
  editedReply: 0.5,
  /** ...and at least this many trigrams are shared, so a stock phrase alone is no reuse. */
  minShared: 8
} as const

export interface ReuseScore {
  suggestionShare: number
  replyShare: number
  shared: number
}

export type Reuse = 'adopted' | 'edited' | null

export function reuseScore(suggestion: string, reply: string): ReuseScore {
  const ours = trigrams(suggestion)
  const theirs = trigrams(reply)
  let shared = 0
  for (const gram of ours) if (theirs.has(gram)) shared++
  return {
    suggestionShare: ours.size ? shared / ours.size : 0,
    replyShare: theirs.size ? shared / theirs.size : 0,
    shared
  }
}

export function classifyReuse(score: ReuseScore): Reuse {
  if (score.shared < REUSE_THRESHOLDS.minShared) return null
  if (score.suggestionShare >= REUSE_THRESHOLDS.adopted) return 'adopted'
  if (
    score.suggestionShare >= REUSE_THRESHOLDS.editedSuggestion ||
    score.replyShare >= REUSE_THRESHOLDS.editedReply
  )
    return 'edited'
  return null
}

function trigrams(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/^\s*(?:\d+[.)]|[-*•])\s+/gm, ' ')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
  const grams = new Set<string>()
  for (let i = 0; i + 2 < words.length; i++) grams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`)
  return grams
}
