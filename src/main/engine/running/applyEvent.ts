/**
 * Applying one delivered event, in stream order: validate, apply to the ticket's state, append to the event log;
 * then queue the slow work (reuse of sent replies, the message path, learning) on the ticket's queue. The order
 * of all this is described in scheduling/ticketQueues.ts.
 */
import { ConnectorEvent, eventTime } from '../../../shared/events'
import { VigilError } from '../../../shared/errors'
import type { ConnectorDelivery } from '../connectors/connector'
import { HAND_OFF_MS, handOff, type Scheduled } from '../scheduling/ticketQueues'
import { eventTicketId } from '../storage/eventArchive'
import { bringBackArchived } from './bringBackArchived'
import type { EngineCore } from './core'
import { handleMessage, noteReuse } from './handleMessage'
import { learnOnResolution } from './learnOnResolution'
import { considerSpeaking } from './speak'
import { newStalls } from './stalls'

export async function applyEvent(
  core: EngineCore,
  connectorId: string,
  delivery: ConnectorDelivery
): Promise<void> {
  const { parts, stores } = core
  const parsed = ConnectorEvent.safeParse(delivery.event)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return skip(core, null, `${connectorId}: invalid event: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const event = core.tickets.scope(connectorId, parsed.data)
  await bringBackArchived(core, eventTicketId(event))
  if (stores.eventLog.has(event.eventId)) return
  let change
  try {
    change = parts.watcher.apply(event)
  } catch (error) {
    if (error instanceof VigilError) return skip(core, event.eventId, `${connectorId}: ${error.message}`)
    throw error
  }
  await stores.eventLog.append(connectorId, event)
  const now = new Date(eventTime(event))
  core.clock.advance(now)
  // The event is applied and logged in stream order; what follows runs on the ticket's queue.
  const scheduled: Scheduled[] = []
  if (change.type !== 'ignored') {
    const { state } = change
    core.emitTicket(state)
    if (change.type === 'message') {
      const message = state.messages[change.messageIndex]!
      core.emit('message.added', message)
      scheduled.push(
        parts.queues.schedule(state.ticket.id, () => handleMessage(core, state, message, now, event.eventId))
      )
    } else if (change.type === 'resolved') {
      scheduled.push(
        parts.queues.schedule(state.ticket.id, async () => {
          noteReuse(core, await parts.sentReplies.atResolution(state, now))
          await learnOnResolution(core, state, now, event.eventId)
        })
      )
    }
  }
  const { stalledAfterMinutes } = stores.settings.get().pipeline
  for (const state of newStalls(parts.watcher, now, stalledAfterMinutes))
    scheduled.push(parts.queues.schedule(state.ticket.id, () => considerSpeaking(core, state, null, now)))
  // Without a model nothing is slow, so the stream waits and keeps its exact order; with one, briefly at most.
  const waitForAll = core.options.waitForWork === true || !parts.models.runtime()
  await handOff(scheduled, waitForAll ? Infinity : HAND_OFF_MS)
  await core.retirement.afterEvent(core)
}

function skip(core: EngineCore, eventId: string | null, reason: string): void {
  core.warnings.warn(`skipped event: ${reason}`)
  core.activity({ type: 'skipped-event', eventId, reason })
}
