/**
 * What is wrong with each field of a connection, in plain words: the connections screen shows each problem at its
 * field as it is typed, and the engine's refusal uses the same words and field names.
 */
import { ConnectionConfig } from './connectionConfig'
import { plainIssue } from './settingsIssues'

/** The fields of a connection as the screen names them. */
export const connectionFieldLabels: Record<string, string> = {
  system: 'System',
  id: 'Id',
  name: 'Name',
  baseUrl: 'Base URL',
  email: 'Agent e-mail',
  accountId: 'Account id',
  watch: 'What to watch',
  'watch.group': 'Queue, group or team',
  'watch.ids': 'Ticket ids',
  pollIntervalMs: 'Poll every',
  team: 'Vigil team',
  botAuthors: 'Bot authors'
}

const specific: Record<string, (code: string) => string | null> = {
  baseUrl: () =>
    'must be an http:// or https:// address without a user name or password, e.g. https://support.example.com',
  email: () => 'must be an e-mail address, or empty when the token is an OAuth token',
  accountId: () => 'must be the account number: the digits after /accounts/ in the address',
  watch: () => 'must be one of: tickets assigned to me, a queue or group, or listed ticket numbers',
  'watch.group': (code) => (code === 'too_small' ? 'must not be empty' : null),
  'watch.ids': (code) => (code === 'too_small' ? 'must name at least one ticket number' : null)
}

/**
 * The field ("baseUrl", "watch.ids", "botAuthors") to its first problem; empty when the connection is valid. An
 * item's problem is given on its list, naming the item ("ticket id "x1" is not a number").
 */
export function connectionFieldIssues(candidate: unknown): Record<string, string> {
  const result = ConnectionConfig.safeParse(candidate)
  if (result.success) return {}
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const [head, second, third] = issue.path.map(String)
    const field = head === 'watch' && second && second !== 'kind' ? `watch.${second}` : (head ?? 'system')
    const item = head === 'watch' ? third : second
    if (field in fields) continue
    if (item !== undefined && /^\d+$/.test(item)) {
      const value = itemOf(candidate, issue.path)
      fields[field] =
        field === 'watch.ids'
          ? `"${value}" is not a ticket number (digits only)`
          : `line ${Number(item) + 1} ${plainIssue(issue)}`
      continue
    }
    fields[field] = specific[field]?.(issue.code) ?? plainIssue(issue)
  }
  return fields
}

function itemOf(candidate: unknown, path: readonly PropertyKey[]): string {
  let value: unknown = candidate
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
  return String(value)
}

/** "Base URL must be …; Id must be …": every problem of a refused connection, in the screen's words. */
export function connectionIssuesText(issues: Record<string, string>): string {
  return Object.entries(issues)
    .map(([field, problem]) => `${connectionFieldLabels[field] ?? field} ${problem}`)
    .join('; ')
}
