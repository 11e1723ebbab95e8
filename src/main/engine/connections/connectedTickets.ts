/**
 * Which source (a connection, or the demo replay) each ticket came from, under which id there: internal notes go
 * back to that system, and the connections screen lists the tickets each connection watches.
 */
import type { ConnectionView } from '../../../shared/contract'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { ConnectorEvent } from '../../../shared/events'
import type { ConnectionRegistry, ConnectionView as RegistryView } from './connectionRegistry'
import { scopedId, scopeEvent, ticketIdOf, unscopedId } from './ticketScope'

export class ConnectedTickets {
  /** Per ticket id as the engine knows it: the connector it came from and the id in that system. */
  private readonly sourceOf = new Map<string, { connectorId: string; ticketId: string }>()
  /**
   * Recorded sources, whose ids stay unprefixed: the demo and replays under their default ids always (a data folder
   * filled by the demo and opened later without a source reads back the same), plus the engine's own source.
   */
  private readonly recorded = new Set(['demo', 'replay'])

  /** `recordedSource`: the connector id of the engine's recorded source (a replay with an id of its own), if any. */
  constructor(recordedSource: string | null = null) {
    if (recordedSource) this.recorded.add(recordedSource)
  }

  /**
   * A delivered event as the engine handles and logs it: the ids of a live connection prefixed with its id (see
   * ticketScope.ts); the ticket is noted as that connector's. A ticket this connection delivered before ids were
   * scoped (an older event log) keeps its unprefixed id, so its conversation goes on where it was.
   */
  scope(connectorId: string, delivered: ConnectorEvent): ConnectorEvent {
    const raw = ticketIdOf(delivered)
    const legacy = (id: string) => this.sourceOf.get(id)?.connectorId === connectorId
    const keep = this.recorded.has(connectorId) || (!legacy(scopedId(connectorId, raw)) && legacy(raw))
    const event = keep ? delivered : scopeEvent(connectorId, delivered)
    this.sourceOf.set(ticketIdOf(event), { connectorId, ticketId: raw })
    return event
  }

  /** Notes the source of an event read back from the event log, where it is stored as the engine handled it. */
  restore(connectorId: string, logged: ConnectorEvent): void {
    const ticketId = ticketIdOf(logged)
    this.sourceOf.set(ticketId, { connectorId, ticketId: unscopedId(connectorId, ticketId) })
  }

  /** Drops a ticket retired from memory; `restore` notes it again when it comes back. */
  forget(ticketId: string): void {
    this.sourceOf.delete(ticketId)
  }

  /** The connector a ticket came from and its id there. */
  source(ticketId: string): { connectorId: string; ticketId: string } | undefined {
    return this.sourceOf.get(ticketId)
  }

  of(connectorId: string): string[] {
    return [...this.sourceOf]
      .filter(([, source]) => source.connectorId === connectorId)
      .map(([ticketId]) => ticketId)
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
  // The note goes to the system the ticket came from, under that system's own id for it.
  if (replay?.connectorId === source.connectorId) return replay.postInternalNote(source.ticketId, text)
  await registry.postInternalNote(source.connectorId, source.ticketId, text)
}
