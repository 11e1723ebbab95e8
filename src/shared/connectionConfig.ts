/**
 * How a person connects Vigil to their ticketing system: one validated object per connection. The token is not
 * part of it: it lives in the secret store under `tokenSecretKey(id)`, never in settings or logs. Shared: the engine
 * judges what is saved, and the connections screen marks each field with the same schema as it is typed.
 */
import { z } from 'zod'

const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
    } catch {
      return false
    }
  }, 'must be an http:// or https:// address without a user name or password, e.g. https://support.example.com')
  .transform((value) => value.replace(/\/+$/, ''))

/**
 * Which tickets to watch. `group` names the team's queue or group in the system's own terms: the queue name
 * (Request Tracker), the group id (Zendesk, Freshdesk), the group name (Zammad), the team id (Chatwoot).
 */
export const WatchFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assigned-to-me') }),
  z.object({ kind: z.literal('group'), group: z.string().trim().min(1).max(200) }),
  z.object({
    kind: z.literal('tickets'),
    ids: z
      .array(z.string().regex(/^\d{1,18}$/))
      .min(1)
      .max(500)
  })
])
export type WatchFilter = z.infer<typeof WatchFilter>

const common = {
  /** Stable id: the key of the stored cursor and of the token in the secret store. */
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'must be lower-case letters, digits and dashes, starting with a letter or digit, e.g. rt-local'
    ),
  /** Shown to people. Default: the system's name. */
  name: z.string().trim().max(100).optional(),
  /** The address people open in a browser, e.g. https://acme.zendesk.com or https://rt.example.com/rt. */
  baseUrl: HttpUrl,
  watch: WatchFilter,
  /** Time between two polls, in ms. Default 10 000; at least 2 000. */
  pollIntervalMs: z.number().int().min(2_000).max(3_600_000).default(10_000),
  /** Where a connection without a stored cursor begins: activity from now on (default), or all history. */
  startFrom: z.enum(['now', 'beginning']).default('now'),
  /** The Vigil team whose knowledge applies to these tickets. Default: the analyst's team in settings. */
  team: z.string().trim().min(1).max(100).optional(),
  /** Authors (login, name, e-mail or id) whose messages are a bot's, e.g. an auto-responder account. */
  botAuthors: z.array(z.string().trim().min(1).max(200)).max(100).default([])
}

export const RequestTrackerConfig = z.object({ system: z.literal('request-tracker'), ...common })
export const ZendeskConfig = z.object({
  system: z.literal('zendesk'),
  ...common,
  /** With an API token, the agent's e-mail (sent as `email/token`); without it the token is an OAuth bearer token. */
  email: z.email().optional()
})
export const ZammadConfig = z.object({ system: z.literal('zammad'), ...common })
export const ChatwootConfig = z.object({
  system: z.literal('chatwoot'),
  ...common,
  accountId: z.number().int().positive(),
  /** Listen on Chatwoot's ActionCable websocket to poll at once when something happens. Default true. */
  live: z.boolean().default(true)
})
export const FreshdeskConfig = z.object({ system: z.literal('freshdesk'), ...common })

export const ConnectionConfig = z.discriminatedUnion('system', [
  RequestTrackerConfig,
  ZendeskConfig,
  ZammadConfig,
  ChatwootConfig,
  FreshdeskConfig
])
export type ConnectionConfig = z.infer<typeof ConnectionConfig>
export type ConnectionConfigInput = z.input<typeof ConnectionConfig>
export type ConnectionSystem = ConnectionConfig['system']
export type RequestTrackerConfig = z.infer<typeof RequestTrackerConfig>
export type ZendeskConfig = z.infer<typeof ZendeskConfig>
export type ZammadConfig = z.infer<typeof ZammadConfig>
export type ChatwootConfig = z.infer<typeof ChatwootConfig>
export type FreshdeskConfig = z.infer<typeof FreshdeskConfig>

export const systemNames: Record<ConnectionSystem, string> = {
  'request-tracker': 'Request Tracker',
  zendesk: 'Zendesk',
  zammad: 'Zammad',
  chatwoot: 'Chatwoot',
  freshdesk: 'Freshdesk'
}

/** Where a connection's token is kept in the secret store. */
export function tokenSecretKey(connectionId: string): string {
  return `connection.${connectionId}.token`
}
