/**
 * What the workbench needs to find a ticket that left memory (running/retireResolved.ts): `retired-tickets.jsonl`,
 * one line per retirement with the ticket's summary as the list shows it and the words of its subject, requester and
 * messages. Nothing is read at start; the list and the search read it when asked (a few hundred bytes per ticket),
 * and a ticket's messages come back from the event archive only for the tickets whose words match.
 *
 * A ticket retired again after it came back gets a new line; the latest one counts.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { TicketSummary } from '../../../shared/contract'
import type { ConversationState } from '../watcher/conversationState'
import { JsonLinesWriter, readJsonLines } from './jsonLines'
import { describeTorn } from './tornTail'

export const RetiredTicket = z.object({
  ticketId: z.string().min(1),
  summary: TicketSummary,
  /** The distinct lower-cased words (runs of non-space) of the subject, the requester and every message. */
  words: z.string()
})
export type RetiredTicket = z.infer<typeof RetiredTicket>

/** A query word (no spaces) found in a text lies inside one of its runs of non-space, so the words find it too. */
export function searchableWords(state: ConversationState): string {
  const words = new Set<string>()
  const add = (text: string | null | undefined) => {
    for (const word of (text ?? '').toLowerCase().split(/\s+/)) if (word) words.add(word)
  }
  add(state.ticket.id)
  add(state.ticket.subject)
  for (const message of state.messages) {
    add(message.authorName)
    add(message.text)
  }
  return [...words].join(' ')
}

export class RetiredTickets {
  private readonly writer: JsonLinesWriter

  constructor(
    dataDir: string,
    private readonly report: (message: string) => void
  ) {
    this.writer = new JsonLinesWriter(join(dataDir, 'retired-tickets.jsonl'), (torn) =>
      report(describeTorn(torn))
    )
  }

  /** Notes tickets about to leave memory (one write, one sync): a ticket listed here is in the archives already. */
  add(tickets: readonly RetiredTicket[]): Promise<void> {
    return this.writer.appendMany(tickets).then(() => undefined)
  }

  /**
   * The latest line of every retired ticket `isLive` does not claim (those in memory again), most recently active
   * first. An unreadable file is reported and reads as empty: the tickets in memory are still listed.
   */
  async latest(isLive: (ticketId: string) => boolean): Promise<RetiredTicket[]> {
    let lines: RetiredTicket[]
    try {
      lines = await readJsonLines(this.writer.file, RetiredTicket)
    } catch (error) {
      this.report(`Tickets that left memory cannot be listed: ${(error as Error).message}`)
      return []
    }
    const byId = new Map<string, RetiredTicket>()
    for (const line of lines) if (!isLive(line.ticketId)) byId.set(line.ticketId, line)
    const active = (line: RetiredTicket) => line.summary.lastMessageAt ?? line.summary.updatedAt
    return [...byId.values()].sort(
      (a, b) => active(b).localeCompare(active(a)) || a.ticketId.localeCompare(b.ticketId)
    )
  }

  close(): Promise<void> {
    return this.writer.close()
  }
}
