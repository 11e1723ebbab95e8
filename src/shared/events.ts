/** Events a connector emits, in order, each with a durable cursor (see the engine's Connector interface). */
import { z } from 'zod'
import { Message, Ticket, Timestamp } from './domain'

const base = {
  /** Unique and stable across restarts: the engine uses it to drop a re-delivered event. */
  eventId: z.string().min(1).max(300)
}

export const TicketOpened = z.object({ ...base, type: z.literal('ticket.opened'), ticket: Ticket })
export const TicketUpdated = z.object({ ...base, type: z.literal('ticket.updated'), ticket: Ticket })
export const MessageAdded = z.object({ ...base, type: z.literal('message.added'), message: Message })
export const TicketResolved = z.object({
  ...base,
  type: z.literal('ticket.resolved'),
  ticketId: z.string().min(1),
  at: Timestamp
})

export const ConnectorEvent = z.discriminatedUnion('type', [
  TicketOpened,
  TicketUpdated,
  MessageAdded,
  TicketResolved
])
export type ConnectorEvent = z.infer<typeof ConnectorEvent>

/** The time an event happened, used as the engine's clock during replay. */
export function eventTime(event: ConnectorEvent): string {
  switch (event.type) {
    case 'ticket.opened':
    case 'ticket.updated':
      return event.ticket.updatedAt
    case 'message.added':
      return event.message.time
    case 'ticket.resolved':
      return event.at
  }
}
