/**
 * Ticket and message ids as the engine knows them. Two systems number their tickets independently (Zendesk #42
 * and Freshdesk #42 are two conversations), so every id a live connection delivers is prefixed with the
 * connection's id: `zendesk-main:42`. The engine's recorded source (the demo, a replay) is one source on its own,
 * and its ids stay as they are (`NIM-1010`), readable in the workbench and stable across versions.
 *
 * The event log stores events as the engine handled them (scoped), so reading it back needs no rule: whatever the
 * engine's source at the next start, a ticket keeps the id it had. A log written before scoping existed holds
 * unprefixed ids of connections; those tickets keep them (see ConnectedTickets.scope).
 */
import { createHash } from 'node:crypto'
import type { ConnectorEvent } from '../../../shared/events'
import type { SourceOptions } from '../types'

/** The domain schema's bound on ids. */
const MAX_ID = 200

/** The connector id of the engine's recorded source, whose ids are kept unprefixed; null when it has none. */
export function recordedSourceId(source: SourceOptions): string | null {
  if (source.kind === 'demo') return 'demo'
  if (source.kind === 'replay') return source.id ?? 'replay'
  return null
}

/** `connectorId:id`, shortened with a hash of the original when that would pass the schema's bound on ids. */
export function scopedId(connectorId: string, id: string): string {
  const scoped = `${connectorId}:${id}`
  if (scoped.length <= MAX_ID) return scoped
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 16)
  return `${scoped.slice(0, MAX_ID - digest.length - 1)}~${digest}`
}

/** The id in the connector's own system: `id` without the `connectorId:` prefix (unchanged when it has none). */
export function unscopedId(connectorId: string, id: string): string {
  const prefix = `${connectorId}:`
  return id.startsWith(prefix) ? id.slice(prefix.length) : id
}

/** The event with its ticket and message ids prefixed by `connectorId` (event ids are left as delivered). */
export function scopeEvent(connectorId: string, event: ConnectorEvent): ConnectorEvent {
  const scope = (id: string) => scopedId(connectorId, id)
  switch (event.type) {
    case 'ticket.opened':
    case 'ticket.updated':
      return { ...event, ticket: { ...event.ticket, id: scope(event.ticket.id) } }
    case 'message.added':
      return {
        ...event,
        message: { ...event.message, id: scope(event.message.id), ticketId: scope(event.message.ticketId) }
      }
    case 'ticket.resolved':
      return { ...event, ticketId: scope(event.ticketId) }
  }
}

/** The ticket id an event is about. */
export function ticketIdOf(event: ConnectorEvent): string {
  return event.type === 'message.added'
    ? event.message.ticketId
    : event.type === 'ticket.resolved'
      ? event.ticketId
      : event.ticket.id
}
