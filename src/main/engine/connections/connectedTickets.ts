/**
 * Which source (a connection, or the demo replay) each ticket came from: internal notes go back to that system,
 * and the connections screen lists the tickets each connection watches.
 */
import type { ConnectionView } from '../../../shared/contract'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { ConnectorEvent } from '../../../shared/events'
import type { ConnectionRegistry, ConnectionView as RegistryView } from './connectionRegistry'

export class ConnectedTickets {
  private readonly sourceOf = new Map<string, string>()

  note(connectorId: string, event: ConnectorEvent): void {
    const ticketId =
      event.type === 'message.added'
        ? event.message.ticketId
        : event.type === 'ticket.resolved'
          ? event.ticketId
          : event.ticket.id
    this.sourceOf.set(ticketId, connectorId)
  }

  source(ticketId: string): string | undefined {
    return this.sourceOf.get(ticketId)
  }

  of(connectorId: string): string[] {
    return [...this.sourceOf].filter(([, id]) => id === connectorId).map(([ticketId]) => ticketId)
  }
}

/** The connections as the contract describes them: the registry's view plus the tickets each one watches. */
export function connectionsApi(registry: ConnectionRegistry, tickets: ConnectedTickets) {
  const toContract = (view: RegistryView): ConnectionView => ({
    ...view,
    status: { ...view.status, stats: view.status.stats ? { ...view.status.stats } : null },
    watchedTickets: tickets.of(view.config.id)
  })
  return {
    list: async () => (await registry.list()).map(toContract),
    test: (config: never, token?: string) => registry.test(config, token),
    save: async (config: never, token?: string) => toContract(await registry.save(config, token)),
    remove: (id: string) => registry.remove(id)
  }
}

/** Posts a note on a ticket through the source it came from: the demo replay, or a connection. */
export async function postNoteToSource(
  ticketId: string,
  text: string,
  tickets: ConnectedTickets,
  replay: { connectorId: string; postInternalNote(ticketId: string, text: string): Promise<void> } | null,
  registry: ConnectionRegistry
): Promise<void> {
  const source = tickets.source(ticketId)
  if (!source) throw new VigilError(ErrorCode.notFound, `No ticket ${ticketId}`)
  if (replay?.connectorId === source) return replay.postInternalNote(ticketId, text)
  await registry.postInternalNote(source, ticketId, text)
}
