/** How a connection reads in the list: what it watches and what its connector has done so far. */
import type { ConnectionView } from '../../../../shared/contract'

/** "Tickets assigned to me", "Group: Support", "Tickets 12, 15". */
export function describeWatch(config: ConnectionView['config']): string {
  const watch = (config['watch'] ?? {}) as { kind?: unknown; group?: unknown; ids?: unknown }
  if (watch.kind === 'group') return `Group / queue: ${String(watch.group)}`
  if (watch.kind === 'tickets' && Array.isArray(watch.ids)) return `Tickets ${watch.ids.join(', ')}`
  return 'Tickets assigned to me'
}

export interface ConnectorFigures {
  delivered: number
  polls: number
  lastEventAt: string | null
  lastPollAt: string | null
  /** Items skipped and counted (deleted, redacted, unknown kinds…), in total and by reason. */
  skipped: number
  skippedByReason: string
  lastError: string | null
}

/** The connector's figures, or null before it has any (stopped, or just starting). */
export function connectorFigures(view: ConnectionView): ConnectorFigures | null {
  const stats = view.status.stats
  if (!stats) return null
  const reasons = Object.entries(
    typeof stats['skipped'] === 'object' && stats['skipped'] !== null ? stats['skipped'] : {}
  ).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
  return {
    delivered: stats.delivered,
    polls: stats.polls,
    lastEventAt: stats.lastEventAt,
    lastPollAt: stats.lastPollAt,
    skipped: reasons.reduce((sum, [, n]) => sum + n, 0),
    skippedByReason: reasons.map(([reason, n]) => `${reason}: ${n}`).join(', '),
    lastError: recentProblem(stats['lastError'], stats.lastPollAt)
  }
}

/**
 * The connector's last problem, unless a poll has succeeded since: a connector retries inside a poll, so its state
 * may read "connected" while every request fails. Engines report it as a string or as `{ message, at }`.
 */
function recentProblem(lastError: unknown, lastPollAt: string | null): string | null {
  if (typeof lastError === 'string') return lastError || null
  if (typeof lastError !== 'object' || lastError === null) return null
  const { message, at } = lastError as { message?: unknown; at?: unknown }
  if (typeof message !== 'string' || !message) return null
  const stale = typeof at === 'string' && lastPollAt !== null && at < lastPollAt
  return stale ? null : message
}

export const stateLabels: Record<ConnectionView['status']['state'], string> = {
  starting: 'Starting',
  connected: 'Connected',
  retrying: 'Retrying',
  stopped: 'Stopped'
}
