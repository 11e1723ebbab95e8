/** Turns CDP conversations into the connector events the engine replays: one ticket per conversation. */
import type { ConnectorEvent } from '../../../shared/events'
import type { CdpCase } from './twitterCdp'

export const ticketIdFor = (item: CdpCase): string => `cdp-${item.index}`
export const resolvingMessageIdFor = (item: CdpCase): string => `${ticketIdFor(item)}-resolution`

export function cdpEvents(cases: readonly CdpCase[], prefix = ''): ConnectorEvent[] {
  const events: ConnectorEvent[] = []
  for (const item of cases) {
    const ticketId = prefix + ticketIdFor(item)
    const opened = item.turns[0]!.time
    events.push({
      eventId: `${ticketId}:opened`,
      type: 'ticket.opened',
      ticket: {
        id: ticketId,
        subject: '',
        status: 'open',
        assignee: null,
        team: item.company,
        createdAt: opened,
        updatedAt: opened
      }
    })
    const messages = [...item.turns, item.resolution]
    messages.forEach((turn, position) => {
      const last = position === messages.length - 1
      events.push({
        eventId: `${ticketId}:message:${position}`,
        type: 'message.added',
        message: {
          id: last ? prefix + resolvingMessageIdFor(item) : `${ticketId}-m${position}`,
          ticketId,
          authorRole: turn.role,
          authorName: turn.author,
          text: turn.text,
          time: turn.time
        }
      })
    })
    events.push({
      eventId: `${ticketId}:resolved`,
      type: 'ticket.resolved',
      ticketId,
      at: item.resolution.time
    })
  }
  return events
}
