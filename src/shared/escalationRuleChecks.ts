/**
 * Escalation rule problems the schema cannot see in one field: two rules with the same name (an alert names its
 * rule, so the analyst could not tell them apart), and a pattern that compiles but would fire on almost any message.
 * Checked when settings are edited, not when stored ones are read (see settings.ts): a stored rule is never reset.
 */
import { patternBreadthProblem } from './patternBreadth'

interface RuleFields {
  name: string
  patterns: readonly string[]
}

/** Field path ("escalation.rules.1.name", "escalation.rules.0.patterns.2") to its problem in words. */
export function escalationRuleIssues(rules: readonly RuleFields[]): Record<string, string> {
  const issues: Record<string, string> = {}
  const firstWithName = new Map<string, number>()
  rules.forEach((rule, index) => {
    const key = rule.name.trim().toLocaleLowerCase()
    const first = firstWithName.get(key)
    if (first === undefined) firstWithName.set(key, index)
    else
      issues[`escalation.rules.${index}.name`] =
        `is already the name of rule ${first + 1}: give each rule its own name`
    rule.patterns.forEach((pattern, line) => {
      const problem = patternBreadthProblem(pattern)
      if (problem)
        issues[`escalation.rules.${index}.patterns.${line}`] = `pattern ${pattern} is refused: ${problem}`
    })
  })
  return issues
}
