/**
 * How feedback and evidence move an entry up or down. A neutral entry scores its plain similarity; liked and
 * adopted entries rise, disliked and dismissed ones sink, and an entry confirmed on several tickets rises a little.
 */
import { confidenceOf, observationsOf } from '../../../shared/domain'
import type { KnowledgeEntry } from '../../../shared/domain'

/**
 * Beta-smoothed share of positive reactions, 0..1; 0.5 with no reactions. A suggestion sent as is counts like the
 * adopt button, one partly sent half as much. Ignored ones do not count here: the case review already judges them
 * by how the case was resolved.
 */
export function feedbackQuality(entry: KnowledgeEntry): number {
  const { adopted, liked, disliked, dismissed, adoptedSent = 0, editedSent = 0 } = entry.counters
  const positive = adopted + liked + adoptedSent + 0.5 * editedSent
  return (positive + 1) / (positive + disliked + dismissed + 2)
}

/**
 * Multiplier applied to similarity when ranking: 0.6..1.4 from feedback, times 1 + ln(cases) from evidence (an
 * entry confirmed on many cases outranks one analyst's single answer that matches about as well), times 0.75..1.25
 * from the confidence cases have given it (1 when neutral).
 */
export function rankingFactor(entry: KnowledgeEntry): number {
  const feedback = 0.6 + 0.8 * feedbackQuality(entry)
  const evidence = 1 + Math.log(Math.max(1, observationsOf(entry)))
  return feedback * evidence * (0.75 + 0.5 * confidenceOf(entry))
}
