/**
 * Keeps events.jsonl bounded: at start, when it has grown past a size, the events of tickets resolved longer ago
 * than the retention (and already learned from) move to the archive (eventArchive.ts) and the log is rewritten
 * with the rest. Those tickets then stay out of memory until an event for them arrives.
 *
 * Crash safety: the archive is appended (and synced) before the log is replaced atomically, so a crash leaves
 * either the old log (the records archived twice, read back once) or the new one; never a lost event.
 */
import { stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { eventTime } from '../../../shared/events'
import { writeFileAtomically } from '../knowledge/durableFile'
import type { EventArchive } from './eventArchive'
import { eventTicketId } from './eventArchive'
import { EventRecord } from './eventLog'
import { openJsonLines, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

const Learned = z.object({ eventId: z.string().min(1) })
const DAY_MS = 24 * 60 * 60 * 1000

export interface RotationOptions {
  dataDir: string
  archive: EventArchive
  retentionDays: number
  /** Rotate only once the log is at least this big, so most starts read it once. Default 4 MiB. */
  minBytes?: number
  report: (message: string) => void
}

export interface RotationResult {
  archivedTickets: number
  archivedEvents: number
  keptEvents: number
}

export async function rotateEventLog(options: RotationOptions): Promise<RotationResult | null> {
  const file = join(options.dataDir, 'events.jsonl')
  const journalFile = join(options.dataDir, 'learned.jsonl')
  const size = await stat(file).then(
    (info) => info.size,
    () => 0
  )
  if (size < (options.minBytes ?? 4 * 1024 * 1024)) return null
  // Without a journal it is unknown which resolutions were learned from: nothing may leave the log yet.
  const journal = await readJsonLines(journalFile, Learned).catch(() => null)
  if (!journal || !(await stat(journalFile).catch(() => null))) return null
  const learned = new Set(journal.map((record) => record.eventId))

  const { records, torn } = await openJsonLines(file, EventRecord)
  if (torn) options.report(describeTorn(torn))
  const eligible = eligibleTickets(records, learned, options.retentionDays)
  if (eligible.size === 0) return null

  const archived = records.filter((record) => eligible.has(eventTicketId(record.event)))
  const kept = records.filter((record) => !eligible.has(eventTicketId(record.event)))
  await options.archive.add(archived)
  await writeFileAtomically(file, lineChunks(kept), dirname(file))
  return { archivedTickets: eligible.size, archivedEvents: archived.length, keptEvents: kept.length }
}

/** Tickets whose last event is their resolution, older than the retention, and learned from. */
function eligibleTickets(
  records: readonly EventRecord[],
  learned: ReadonlySet<string>,
  retentionDays: number
): Set<string> {
  let latest = 0
  const last = new Map<string, { at: number; resolved: boolean; unlearned: boolean }>()
  for (const { event } of records) {
    const at = Date.parse(eventTime(event))
    if (at > latest) latest = at
    const ticketId = eventTicketId(event)
    const before = last.get(ticketId)
    const resolved = event.type === 'ticket.resolved'
    last.set(ticketId, {
      at,
      resolved,
      unlearned: (before?.unlearned ?? false) || (resolved && !learned.has(event.eventId))
    })
  }
  // Measured on the source's clock (the newest event), like the engine's own notion of now in a replay.
  const cutoff = latest - retentionDays * DAY_MS
  const eligible = new Set<string>()
  for (const [ticketId, state] of last)
    if (state.resolved && !state.unlearned && state.at < cutoff) eligible.add(ticketId)
  return eligible
}

function* lineChunks(records: readonly EventRecord[]): Generator<string> {
  for (let start = 0; start < records.length; start += 1000)
    yield records
      .slice(start, start + 1000)
      .map((record) => JSON.stringify(record) + '\n')
      .join('')
}
