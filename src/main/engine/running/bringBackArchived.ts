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
  const records = await stores.archive.recordsOf(ticketId)
  for (const record of records) {
    parts.watcher.apply(record.event)
    core.tickets.restore(record.connectorId, record.event)
  }
  // Suggestions and journals before the events: a card or an id logged for a ticket a kill kept out of the log is
  // harmless (the card is archived again with the next retired tickets); the reverse would leave the ticket without
  // its cards at the next start, learn its case again or redo its messages' work.
  await parts.suggestions.reattach(ticketId, await stores.suggestionArchive.of(ticketId))
  for (const { event } of stores.eventLog.missing(records)) {
    if (event.type === 'ticket.resolved') await stores.journal.learnedFrom(event.eventId)
    if (event.type === 'message.added') await stores.handled.done(event.eventId)
  }
  // The journals sync at the event log's sync points, not per record: synced here so they reach the disk first.
  stores.journal.sync()
  stores.handled.sync()
  await stores.eventLog.bringBack(records)
  return parts.watcher.get(ticketId) !== undefined
}
