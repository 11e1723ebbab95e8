/**
 * Whether an escalation pattern would fire on almost any message: one that matches an empty message or an everyday
 * sentence raises an alert on nearly every conversation, and a pattern of one or two characters matches inside
 * ordinary words. Checked when rules are edited (and the engine leaves such a stored pattern unused); run only on a
 * pattern that compiles and cannot backtrack catastrophically (see patternSafety.ts).
 */

/** Shorter patterns match inside ordinary words. */
export const MIN_PATTERN_LENGTH = 3

/** Sentences any support conversation holds: an escalation pattern must match none of them. */
export const everydayMessages = [
  'Hello, thank you for your help.',
  'Could you please check again?',
  'I will try that now and let you know.',
  'Ok'
] as const

/** Why the pattern is too broad to alert on, or null when it is not. */
export function patternBreadthProblem(source: string): string | null {
  const pattern = new RegExp(source, 'i')
  if (pattern.test('')) {
    return 'it matches an empty message, so it would alert on every message: say what must appear (e.g. "refund", not ".*")'
  }
  const everyday = everydayMessages.find((message) => pattern.test(message))
  if (everyday !== undefined) {
    return `it matches an everyday message ("${everyday}"), so it would alert on almost every conversation: make it more specific`
  }
  if (source.trim().length < MIN_PATTERN_LENGTH) {
    return `it is too short: write at least ${MIN_PATTERN_LENGTH} characters, so it does not match inside ordinary words`
  }
  return null
}
