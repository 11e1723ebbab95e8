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

/**
 * Field path ("escalation.rules.1.name", "escalation.rules.0.patterns.2") to its problem in words. `known`: problems
 * already found at some fields (the schema's: a pattern that does not compile, or could run away); those fields are
 * not checked again, so every other line's problem is said at the same time.
 */
export function escalationRuleIssues(
  rules: readonly RuleFields[],
  known: Readonly<Record<string, string>> = {}
): Record<string, string> {
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
      const path = `escalation.rules.${index}.patterns.${line}`
      if (path in known || `escalation.rules.${index}.patterns` in known) return
      let problem: string | null
      try {
        problem = patternBreadthProblem(pattern)
      } catch {
        return // It does not compile: the schema says so at this field.
      }
      if (problem) issues[path] = `pattern ${pattern} is refused: ${problem}`
    })
  })
  return issues
}

/** The rules' names and patterns in a candidate the schema refused, where they have that shape; else []. */
export function ruleFieldsOf(candidate: unknown): RuleFields[] {
  const rules = (candidate as { escalation?: { rules?: unknown } } | null)?.escalation?.rules
  if (!Array.isArray(rules)) return []
  const shaped = rules.map((rule, index) => {
    const { name, patterns } = (rule ?? {}) as { name?: unknown; patterns?: unknown }
    const lines =
      Array.isArray(patterns) && patterns.every((line) => typeof line === 'string') ? patterns : []
    // A rule without a name of its own clashes with none: its own field says what is wrong with it.
    return { name: typeof name === 'string' ? name : `\u0000${index}`, patterns: lines as string[] }
  })
  return shaped
}
