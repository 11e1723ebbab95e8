/**
 * The connection form's model and its translation to and from the config the engine validates (the engine's
 * schema is the judge: the form only shapes what a person typed, and shows the engine's reason for a refusal).
 */

/** The ticketing systems the engine can connect to, with their display names. */
export const systems = [
  { id: 'request-tracker', name: 'Request Tracker' },
  { id: 'zendesk', name: 'Zendesk' },
  { id: 'zammad', name: 'Zammad' },
  { id: 'chatwoot', name: 'Chatwoot' },
  { id: 'freshdesk', name: 'Freshdesk' }
] as const
export type SystemId = (typeof systems)[number]['id']
export type WatchKind = 'assigned-to-me' | 'group' | 'tickets'

export const systemName = (system: string): string =>
  systems.find((candidate) => candidate.id === system)?.name ?? system

/** What the group filter names in each system's own terms. */
export const groupHints: Record<SystemId, string> = {
  'request-tracker': 'the queue name',
  zendesk: 'the group id',
  zammad: 'the group name',
  chatwoot: 'the team id',
  freshdesk: 'the group id'
}

export interface ConnectionDraft {
  system: SystemId
  id: string
  name: string
  baseUrl: string
  watchKind: WatchKind
  group: string
  /** Ticket ids as typed, separated by commas or spaces. */
  ticketIds: string
  pollSeconds: number
  startFrom: 'now' | 'beginning'
  team: string
  botAuthors: string[]
  /** Zendesk: the agent's e-mail that goes with an API token. */
  email: string
  /** Chatwoot: the account id, as typed. */
  accountId: string
  /** Chatwoot: listen on its websocket. */
  live: boolean
}

/** The engine's default poll interval, 10 s. */
const defaultPollSeconds = 10

export function emptyDraft(system: SystemId, takenIds: readonly string[]): ConnectionDraft {
  return {
    system,
    id: suggestId(system, takenIds),
    name: '',
    baseUrl: '',
    watchKind: 'assigned-to-me',
    group: '',
    ticketIds: '',
    pollSeconds: defaultPollSeconds,
    startFrom: 'now',
    team: '',
    botAuthors: [],
    email: '',
    accountId: '',
    live: true
  }
}

/** The system's id, or with a number appended when a connection already has it ("zendesk-2"). */
export function suggestId(system: SystemId, takenIds: readonly string[]): string {
  const taken = new Set(takenIds)
  if (!taken.has(system)) return system
  let n = 2
  while (taken.has(`${system}-${n}`)) n += 1
  return `${system}-${n}`
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The form for an existing connection; config fields are read defensively (the list's config is loose). */
export function draftFromConfig(config: Record<string, unknown>): ConnectionDraft {
  const watch = (config['watch'] ?? {}) as { kind?: unknown; group?: unknown; ids?: unknown }
  const watchKind: WatchKind =
    watch.kind === 'group' || watch.kind === 'tickets' ? watch.kind : 'assigned-to-me'
  const system = systems.some((s) => s.id === config['system'])
    ? (config['system'] as SystemId)
    : 'request-tracker'
  const pollMs = typeof config['pollIntervalMs'] === 'number' ? config['pollIntervalMs'] : 10_000
  return {
    system,
    id: text(config['id']),
    name: text(config['name']),
    baseUrl: text(config['baseUrl']),
    watchKind,
    group: text(watch.group),
    ticketIds: Array.isArray(watch.ids) ? watch.ids.join(', ') : '',
    pollSeconds: pollMs / 1000,
    startFrom: config['startFrom'] === 'beginning' ? 'beginning' : 'now',
    team: text(config['team']),
    botAuthors: Array.isArray(config['botAuthors']) ? config['botAuthors'].map(String) : [],
    email: text(config['email']),
    accountId: config['accountId'] === undefined ? '' : String(config['accountId']),
    live: config['live'] !== false
  }
}

function watchFilter(draft: ConnectionDraft): Record<string, unknown> {
  if (draft.watchKind === 'group') return { kind: 'group', group: draft.group.trim() }
  if (draft.watchKind === 'tickets') {
    return { kind: 'tickets', ids: draft.ticketIds.split(/[\s,]+/).filter(Boolean) }
  }
  return { kind: 'assigned-to-me' }
}

/** The config to send; optional fields left empty are left out so the engine applies its defaults. */
export function configFromDraft(draft: ConnectionDraft): Record<string, unknown> {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined)
  const accountId = draft.accountId.trim()
  const config: Record<string, unknown> = {
    system: draft.system,
    id: draft.id.trim(),
    name: optional(draft.name),
    baseUrl: draft.baseUrl.trim(),
    watch: watchFilter(draft),
    pollIntervalMs: Math.round(Number(draft.pollSeconds) * 1000),
    startFrom: draft.startFrom,
    team: optional(draft.team),
    botAuthors: draft.botAuthors
  }
  if (draft.system === 'zendesk') config['email'] = optional(draft.email)
  if (draft.system === 'chatwoot') {
    // A number when it reads as one; otherwise sent as typed so the engine says what is wrong with it.
    config['accountId'] = /^\d+$/.test(accountId) ? Number(accountId) : accountId || undefined
    config['live'] = draft.live
  }
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined))
}
