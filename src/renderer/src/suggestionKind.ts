/** What kind of help a card is, in words, for its badge in the workbench and the overlay. */
import type { Suggestion } from '../../shared/domain'

const kindLabels: Record<Suggestion['kind'], string> = {
  answer: 'Answer',
  similar_case: 'Similar case',
  next_step: 'Next steps',
  summary: 'Case summary',
  escalation: 'Escalation'
}

/** The kind's label, with an escalation's severity; `short` for the overlay's one-line card ("Summary"). */
export function kindLabel(suggestion: Suggestion, short = false): string {
  const label = short && suggestion.kind === 'summary' ? 'Summary' : kindLabels[suggestion.kind]
  return suggestion.kind === 'escalation' && suggestion.severity ? `${label} · ${suggestion.severity}` : label
}
