/**
 * The soak bench's count of events lost or repeated: every event of the plan in the event log or its archive, every
 * message announced by the engine exactly once, no event twice in the log.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readEventLog } from '../../engine/storage/eventLog'
import { soakEvents, type SoakPlan } from './soakSource'

/**
 * How often each message of the plan was announced, in one byte per message (`SOAK-<n>-m<k>`, `-again`,
 * `-again-answer`) rather than a map of 100,000 id strings: the bench's own bookkeeping must not grow the RSS it
 * measures (the map added about 2.3 MB of heap over the second half of a 10,000-ticket run).
 */
export class MessageTally {
  private readonly counts: Uint8Array
  private readonly others = new Map<string, number>()
  private readonly perTicket: number

  constructor(private readonly plan: SoakPlan) {
    this.perTicket = plan.messages + 2
    this.counts = new Uint8Array(plan.tickets * this.perTicket)
  }

  add(id: string): void {
    const slot = this.slot(id)
    if (slot === null) this.others.set(id, (this.others.get(id) ?? 0) + 1)
    else this.counts[slot] = Math.min(255, this.counts[slot]! + 1)
  }

  times(id: string): number {
    const slot = this.slot(id)
    return slot === null ? (this.others.get(id) ?? 0) : this.counts[slot]!
  }

  /** The message's place in `counts` (the connection's name before the id is ignored); null for other ids. */
  private slot(id: string): number | null {
    const match = /(?:^|:)SOAK-(\d+)-(?:m(\d+)|(again)|(again-answer))$/.exec(id)
    if (!match) return null
    const ticket = Number(match[1]) - 10001
    const within = match[2] ? Number(match[2]) - 1 : match[3] ? this.plan.messages : this.plan.messages + 1
    if (ticket < 0 || ticket >= this.plan.tickets || within < 0 || within >= this.perTicket) return null
    return ticket * this.perTicket + within
  }
}

/**
 * Lost: an event of the plan that is in neither the event log nor its archive, or a message the engine never
 * announced. Repeated: an event logged twice in the log, or a message announced more than once. `connection` is the
 * name the engine puts before the connection's event ids (connections/ticketScope.ts).
 */
export async function countLostAndRepeated(
  dataDir: string,
  plan: SoakPlan,
  pushed: MessageTally,
  connection: string
): Promise<{ lost: number; repeated: number }> {
  const stored = new Set(
    (await readEventLog(join(dataDir, 'events-archive.jsonl'), join(dataDir, 'events.jsonl'))).map(
      (event) => event.eventId
    )
  )
  let lost = 0
  let repeated = 0
  for (const event of soakEvents(plan)) {
    if (!stored.has(event.eventId) && !stored.has(`${connection}:${event.eventId}`)) lost++
    if (event.type !== 'message.added') continue
    const times = pushed.times(event.message.id)
    if (times === 0) lost++
    if (times > 1) repeated += times - 1
  }
  const inLog = new Map<string, number>()
  const text = await readFile(join(dataDir, 'events.jsonl'), 'utf8').catch(() => '')
  for (const line of text.split('\n')) {
    const match = /"eventId":"([^"]+)"/.exec(line)
    if (match) inLog.set(match[1]!, (inLog.get(match[1]!) ?? 0) + 1)
  }
  for (const times of inLog.values()) if (times > 1) repeated += times - 1
  return { lost, repeated }
}
