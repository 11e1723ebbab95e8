/**
 * The connection form's problems per form field ("id", "baseUrl", "pollSeconds", "ticketIds"), checked with the
 * engine's own schema as the person types, plus the one thing only the screen knows: ids other connections use.
 */
import { connectionFieldIssues } from '../../../../shared/connectionIssues'
import { configFromDraft, type ConnectionDraft } from './connectionDraft'

/** Where each schema field is typed in the form. */
const formField: Record<string, keyof ConnectionDraft> = {
  'watch.group': 'group',
  'watch.ids': 'ticketIds',
  pollIntervalMs: 'pollSeconds'
}

export function connectionProblems(
  draft: ConnectionDraft,
  options: { takenIds: readonly string[]; editing: boolean }
): Partial<Record<keyof ConnectionDraft, string>> {
  const problems: Partial<Record<keyof ConnectionDraft, string>> = {}
  for (const [field, problem] of Object.entries(connectionFieldIssues(configFromDraft(draft)))) {
    const at = formField[field] ?? (field as keyof ConnectionDraft)
    problems[at] = field === 'pollIntervalMs' ? pollProblem(draft.pollSeconds) : problem
  }
  if (!options.editing && !problems.id && options.takenIds.includes(draft.id.trim())) {
    problems.id = 'is already used by another connection'
  }
  return problems
}

// The schema counts milliseconds; the form asks for seconds.
function pollProblem(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return 'must be a number of seconds'
  return seconds < 2 ? 'must be 2 seconds or more' : 'must be 3600 seconds (one hour) or less'
}
