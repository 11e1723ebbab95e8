import type { ConnectorEvent } from '../../../src/shared/events'

/** Ids of the delivered messages marked internal (notes the customer never saw), in order. */
export const internalIds = (events: readonly ConnectorEvent[]): string[] =>
  events.flatMap((event) =>
    event.type === 'message.added' && event.message.internal ? [event.message.id] : []
  )
