/**
 * Durable cursors: `<system>/1:<JSON>`, validated when read back. A cursor that is damaged or belongs to another
 * system is an error (never silently replaced), so a stored position is not lost by a misconfiguration.
 */
import type { z } from 'zod'
import { ConnectorError } from './http/connectorError'

const version = 1

export function encodeCursor(system: string, state: unknown): string {
  return `${system}/${version}:${JSON.stringify(state)}`
}

export function decodeCursor<T>(system: string, cursor: string, schema: z.ZodType<T>): T {
  const prefix = `${system}/${version}:`
  const fail = (why: string): ConnectorError =>
    new ConnectorError(
      `The stored position of this ${system} connection is unusable (${why}). It was left as it is; remove the ` +
        'connection and add it again to start over from now.',
      { problem: 'bad-cursor' }
    )
  if (!cursor.startsWith(prefix)) {
    const other = /^([a-z-]+)\/\d+:/.exec(cursor)?.[1]
    throw fail(other ? `it belongs to a ${other} connection` : 'it is not a connector cursor')
  }
  let json: unknown
  try {
    json = JSON.parse(cursor.slice(prefix.length))
  } catch {
    throw fail('it is not valid JSON')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw fail(parsed.error.issues[0]?.message ?? 'unexpected content')
  return parsed.data
}
