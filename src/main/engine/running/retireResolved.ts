/**
 * Resolved tickets leave memory once they have been resolved longer than `resolvedRetentionDays` (measured on the
 * time of the latest event, like rotation at start): their events and suggestions go to the archives first
 * (storage/eventArchive.ts, storage/suggestionArchive.ts), then the conversation, its suggestions and its records
 * are dropped. Only tickets already learned from, with no work queued, are retired. A retired ticket comes back
 * whole when an event arrives for it or the workbench opens it (bringBackArchived.ts).
 *
 * Checked after every event, done in batches: at most once per tenth of the retention of source time, so a ticket
 * stays in memory between the retention and 1.1 times it. The event and suggestion logs are compacted here too,
 * once the retired records make up half of them, so start-up reads what the tickets in memory need.
 */
import type { Suggestion } from '../../../shared/domain'
import { ticketSummary } from '../api/views'
import { searchableWords } from '../storage/retiredTickets'
import type { ConversationState } from '../watcher/conversationState'
import type { EngineCore } from './core'

const DAY_MS = 24 * 60 * 60 * 1000

/** The latest moment anything happened on a resolved ticket (a message can come after its resolution). */
function lastActivity(state: ConversationState): number {
  return Math.max(Date.parse(state.resolvedAt ?? state.ticket.updatedAt), Date.parse(state.ticket.updatedAt))
}

export class ResolvedRetirement {
  private nextAt = Number.NEGATIVE_INFINITY
  private running = false
  /** Tickets retired since the engine started. */
  retired = 0

  /** After each event: retires the tickets past the retention, when a batch is due. */
  async afterEvent(core: EngineCore): Promise<void> {
    // The events' own time, as rotation at start measures it: a connection catching up on a year of history
    // retires as it goes, though the host's clock says that year is over.
    const now = (core.clock.latestEvent() ?? core.clock.now()).getTime()
    if (now < this.nextAt || this.running) return
    const retentionMs = core.stores.settings.get().resolvedRetentionDays * DAY_MS
    this.nextAt = now + retentionMs / 10
    this.running = true
    try {
      await this.retire(core, now - retentionMs)
    } catch (error) {
      // Disk full, no permission: the tickets stay in memory and in the logs, and the event itself went through.
      core.warnings.warn(
        `Resolved tickets could not be moved to the archive: ${(error as Error).message}. They stay in memory.`,
        true
      )
    } finally {
      this.running = false
    }
  }

  private async retire(core: EngineCore, cutoff: number): Promise<void> {
    const { parts, stores } = core
    const chosen: Array<{ state: ConversationState; events: number; suggestions: number }> = []
    for (const state of parts.watcher.resolved()) {
      if (Date.parse(state.resolvedAt!) >= cutoff) break
      if (lastActivity(state) >= cutoff || !this.retirable(core, state)) continue
      chosen.push({
        state,
        events: stores.eventLog.recordsOf(state.ticket.id).length,
        suggestions: state.suggestions.length
      })
    }
    const orphans = parts.suggestions.orphans()
    if (chosen.length === 0 && orphans.length === 0) return
    // On disk first: a ticket whose archive write fails stays in memory, and the error surfaces (STORAGE_FAILED).
    await stores.archive.add(chosen.flatMap(({ state }) => stores.eventLog.recordsOf(state.ticket.id)))
    const suggestions: Suggestion[] = [...orphans, ...chosen.flatMap(({ state }) => state.suggestions)]
    await stores.suggestionArchive.add(suggestions)
    // Then what the workbench lists and searches them by (storage/retiredTickets.ts).
    const now = core.clock.now()
    const stalledAfter = stores.settings.get().pipeline.stalledAfterMinutes
    await stores.retiredTickets.add(
      chosen.map(({ state }) => ({
        ticketId: state.ticket.id,
        summary: {
          ...ticketSummary(state, now, stalledAfter, core.tickets.source(state.ticket.id)?.connectorId),
          archived: true
        },
        words: searchableWords(state)
      }))
    )
    parts.suggestions.forget(orphans)
    for (const { state, events, suggestions: shown } of chosen) {
      const ticketId = state.ticket.id
      // Something arrived for it while the archives were written: it stays (its archived copy is read back once).
      const changed =
        stores.eventLog.recordsOf(ticketId).length !== events || state.suggestions.length !== shown
      if (changed || !this.retirable(core, state) || parts.watcher.get(ticketId) !== state) continue
      parts.suggestions.forget(state.suggestions)
      parts.watcher.forget(ticketId)
      stores.eventLog.retire(ticketId)
      core.tickets.forget(ticketId)
      this.retired++
    }
    const kept = stores.eventLog.compactIfWorthIt()
    if (kept) {
      // After the event log: a crash in between leaves the journals an id too many, never one too few.
      stores.journal.keepOnly(kept)
      stores.handled.keepOnly(kept)
    }
    // After the suggestion log, for the same reason: the effects journal keeps the keys of the cards still logged.
    if (stores.suggestionLog.compactIfWorthIt(parts.suggestions.all()))
      parts.reactionEffects.keepOnly(parts.suggestions.all())
  }

  /** Learned from (the ticket's last resolution is in the learning journal) and nothing queued for it. */
  private retirable(core: EngineCore, state: ConversationState): boolean {
    const { parts, stores } = core
    if (!state.isResolved || parts.queues.isBusy(state.ticket.id)) return false
    const resolution = stores.eventLog
      .recordsOf(state.ticket.id)
      .findLast((record) => record.event.type === 'ticket.resolved')
    return resolution !== undefined && stores.journal.has(resolution.event.eventId)
  }
}
