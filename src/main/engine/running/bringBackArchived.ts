/**
 * An event for a ticket that rotation moved to the archive (storage/eventRotation.ts): its conversation is rebuilt
 * from the archive and logged again before the new event is applied, with the suggestions it had.
 */
import type { EngineCore } from './core'

export async function bringBackArchived(core: EngineCore, ticketId: string): Promise<void> {
  const { parts, stores } = core
  if (parts.watcher.get(ticketId) || !stores.archive.has(ticketId)) return
  for (const record of await stores.archive.recordsOf(ticketId)) {
    if (stores.eventLog.has(record.event.eventId)) continue
    parts.watcher.apply(record.event)
    core.tickets.restore(record.connectorId, record.event)
    await stores.eventLog.append(record.connectorId, record.event)
  }
  parts.suggestions.reattach(ticketId)
}
