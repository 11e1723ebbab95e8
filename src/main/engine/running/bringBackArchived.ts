/**
 * An event for a ticket that is no longer in memory (rotation moved it to the archive at start, see
 * storage/eventRotation.ts, or the engine retired it while running, see retireResolved.ts), or the workbench opening
 * one: its conversation is rebuilt from the archive, with the suggestions it had, and logged again (it was learned
 * from and its messages handled before it was archived, which the journals say again for the lines logged anew).
 */
import type { EngineCore } from './core'

export async function bringBackArchived(core: EngineCore, ticketId: string): Promise<boolean> {
  const { parts, stores } = core
  if (parts.watcher.get(ticketId) || !stores.archive.has(ticketId)) return false
  for (const record of await stores.archive.recordsOf(ticketId)) {
    const { event } = record
    parts.watcher.apply(event)
    core.tickets.restore(record.connectorId, event)
    if (!(await stores.eventLog.bringBack(record))) continue
    if (event.type === 'ticket.resolved') await stores.journal.learnedFrom(event.eventId)
    if (event.type === 'message.added') await stores.handled.done(event.eventId)
  }
  await parts.suggestions.reattach(ticketId, await stores.suggestionArchive.of(ticketId))
  return parts.watcher.get(ticketId) !== undefined
}
