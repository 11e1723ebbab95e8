/** Small conversions every connector needs when reading a vendor's payloads. */
import type { z } from 'zod'
import type { ConnectorHttpClient } from './http/connectorHttpClient'
import { malformedAnswer } from './http/httpFailure'

/** Unix seconds (Chatwoot) or an ISO string, as an ISO timestamp; null when unreadable. */
export function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** The server's clock from a response's Date header; the local clock only when the server sends none. */
export function serverDate(headers: Headers): string {
  const date = Date.parse(headers.get('date') ?? '')
  return new Date(Number.isNaN(date) ? Date.now() : date).toISOString()
}

/** Whether any of an author's identifiers (id, login, name, e-mail) is on the connection's bot list. */
export function isBotAuthor(
  bots: readonly string[],
  ...identifiers: Array<string | number | null | undefined>
): boolean {
  if (bots.length === 0) return false
  const wanted = new Set(bots.map((bot) => bot.toLowerCase()))
  return identifiers.some(
    (identifier) =>
      identifier !== null && identifier !== undefined && wanted.has(String(identifier).toLowerCase())
  )
}

/** Parses a whole answer (an envelope) or throws a clear "unexpected answer" error. */
export function parseAnswer<T>(
  client: ConnectorHttpClient,
  schema: z.ZodType<T>,
  json: unknown,
  request: string
): T {
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw malformedAnswer(client.identity, request, `${issue?.path.join('.') || 'body'}: ${issue?.message}`)
}

/** Parses each item on its own: a malformed one is skipped and counted, never fatal to the rest. */
export function parseItems<T>(schema: z.ZodType<T>, items: readonly unknown[], onSkip: () => void): T[] {
  const out: T[] = []
  for (const item of items) {
    const parsed = schema.safeParse(item)
    if (parsed.success) out.push(parsed.data)
    else onSkip()
  }
  return out
}

/** The `rel="next"` URL of an RFC 8288 Link header (Freshdesk), if any. */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link') ?? ''
  return /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link)?.[1] ?? null
}
