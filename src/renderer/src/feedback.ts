/** What the analyst has said about a suggestion, read from its recorded feedback. */
import type { FeedbackKind, Suggestion } from '../../shared/domain'

export const isDismissed = (suggestion: Suggestion): boolean =>
  suggestion.feedback.some((feedback) => feedback.kind === 'dismissed')

export const wasAdopted = (suggestion: Suggestion): boolean =>
  suggestion.feedback.some((feedback) => feedback.kind === 'adopted')

/** The latest like or dislike: an analyst may change their mind, and the last word counts. */
export function opinionOf(suggestion: Suggestion): 'liked' | 'disliked' | null {
  const opinions = suggestion.feedback.filter((f) => f.kind === 'liked' || f.kind === 'disliked')
  const latest = opinions.reduce<(typeof opinions)[number] | null>(
    (last, f) => (last === null || f.at >= last.at ? f : last),
    null
  )
  return latest ? (latest.kind as 'liked' | 'disliked') : null
}

/** An escalation is an alert for the analyst, not a reply to the customer: there is nothing to adopt. */
export const canAdopt = (suggestion: Suggestion): boolean => suggestion.kind !== 'escalation'

/** The reasons offered with Dislike or Dismiss, in the workbench and the overlay alike. */
export const presetReasons = ['Not relevant', 'Already tried', 'Outdated', 'Wrong product'] as const

/** The reason typed or picked goes with Dislike and Dismiss only, and only when it says something. */
export const reasonToSend = (kind: FeedbackKind, reason: string): string | undefined =>
  (kind === 'disliked' || kind === 'dismissed') && reason.trim() ? reason.trim() : undefined
