/**
 * Error names a customer quotes beside a status ("400 {"error":"invalid_cursor"}"): the name says which failure it
 * is where the status alone (a bad request) could be any of many. An entry about that vague status that never names
 * the customer's error is about another failure with the same status (a webhook signature 400 on a pagination 400).
 */
import type { KnowledgeEntry } from '../../../shared/domain'

/**
 * HTTP statuses that say only that something was wrong (a bad request, no access, not found, a server error): many
 * unrelated failures share them, so sharing one says little about the cause.
 */
export const VAGUE_CODES: ReadonlySet<string> = new Set([
  'HTTP 400',
  'HTTP 401',
  'HTTP 403',
  'HTTP 404',
  'HTTP 500'
])

/** A quoted snake_case identifier ("invalid_cursor", "rate_limited"): how APIs name their errors. */
const QUOTED_NAME = /["'`]([a-z][a-z0-9]*(?:_[a-z0-9]+)+)["'`]/g
const isErrorName = (code: string): boolean => /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(code)

/** The error names quoted in `text`, each once, to go with its error codes (see errorCodesIn). */
export function errorNamesIn(text: string): string[] {
  return [...new Set([...text.matchAll(QUOTED_NAME)].map((match) => match[1]!))]
}

/**
 * Whether the codes the entry (`entryCodes`) and the customer (`codes`: their codes and error names) share are vague
 * statuses only, while the customer named the error and the entry never names it.
 */
export function namesAnotherError(
  entry: KnowledgeEntry,
  entryCodes: readonly string[],
  codes: readonly string[]
): boolean {
  const names = codes.filter(isErrorName)
  const shared = entryCodes.filter((code) => codes.includes(code))
  if (names.length === 0 || shared.length === 0 || !shared.every((code) => VAGUE_CODES.has(code)))
    return false
  const text = [entry.title, entry.problem, ...entry.symptoms, ...entry.resolution].join('\n').toLowerCase()
  return !names.some((name) => text.includes(name))
}
