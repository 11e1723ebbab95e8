/**
 * Settings problems in plain words, per field: the settings screen shows each next to its field, and the engine's
 * refusal uses the same words ("must be 1 or less" rather than "Too big: expected number to be <=1").
 */
import type { z } from 'zod'

type Issue = z.core.$ZodIssue

/** The field's path ("pipeline.answerThreshold") to what is wrong with it, first problem only. */
export function fieldIssues(issues: readonly Issue[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of issues) fields[issue.path.map(String).join('.') || '(settings)'] ??= plainIssue(issue)
  return fields
}

export function plainIssue(issue: Issue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'number'
        ? issue.inclusive === false
          ? `must be less than ${String(issue.maximum)}`
          : `must be ${String(issue.maximum)} or less`
        : issue.origin === 'string'
          ? `must be at most ${String(issue.maximum)} characters`
          : `must have at most ${String(issue.maximum)} items`
    case 'too_small':
      if (issue.origin === 'number')
        return issue.inclusive === false
          ? `must be more than ${String(issue.minimum)}`
          : `must be ${String(issue.minimum)} or more`
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `must be at least ${String(issue.minimum)} characters`
      return `must have at least ${String(issue.minimum)} items`
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'number') return 'must be a number'
      return `must be a ${issue.expected}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`
    default:
      return issue.message
  }
}
