/**
 * What the workbench needs to find a ticket that left memory (running/retireResolved.ts): `retired-tickets.jsonl`,
 * one line per retirement with the ticket's summary as the list shows it and the words of its subject, requester and
 * messages. Nothing is read at start; the list and the search read it when asked (a few hundred bytes per ticket),
 * and a ticket's messages come back from the event archive only for the tickets whose words match.
 *
 * A ticket retired again after it came back gets a new line; the latest one counts. The lines it supersedes are
 * dropped when the file is read and they make up a quarter of it (at least `compactAtLeast` lines): the file is
 * rewritten with each ticket's latest line (atomically; appends wait meanwhile), so it holds one line per ticket plus
 * a bounded share of older ones, however often tickets come back.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { TicketSummary } from '../../../shared/contract'
import type { ConversationState } from '../watcher/conversationState'
import { JsonLinesWriter, openJsonLines } from './jsonLines'
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

/** Fewest superseded lines worth a rewrite of the file. */
const COMPACT_AT_LEAST = 256

export class RetiredTickets {
  private readonly writer: JsonLinesWriter
  /** Appends and the read-and-compact one at a time, so a rewrite never drops a line appended meanwhile. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    dataDir: string,
    private readonly report: (message: string) => void,
    private readonly compactAtLeast = COMPACT_AT_LEAST
  ) {
    this.writer = new JsonLinesWriter(join(dataDir, 'retired-tickets.jsonl'), (torn) =>
      report(describeTorn(torn))
    )
  }

  /** Notes tickets about to leave memory (one write, one sync): a ticket listed here is in the archives already. */
  add(tickets: readonly RetiredTicket[]): Promise<void> {
    return this.serially(() => this.writer.appendMany(tickets).then(() => undefined))
  }

  /**
   * The latest line of every retired ticket `isLive` does not claim (those in memory again), most recently active
   * first. An unreadable file is reported and reads as empty: the tickets in memory are still listed.
   */
  async latest(isLive: (ticketId: string) => boolean): Promise<RetiredTicket[]> {
    const latest = await this.serially(() => this.readLatest())
    const byId = new Map<string, RetiredTicket>()
    for (const line of latest) if (!isLive(line.ticketId)) byId.set(line.ticketId, line)
    const active = (line: RetiredTicket) => line.summary.lastMessageAt ?? line.summary.updatedAt
    return [...byId.values()].sort(
      (a, b) => active(b).localeCompare(active(a)) || a.ticketId.localeCompare(b.ticketId)
    )
  }

  close(): Promise<void> {
    return this.serially(() => this.writer.close())
  }

  /** Each ticket's latest line, in the order of the file; rewrites the file with just those when it pays. */
  private async readLatest(): Promise<RetiredTicket[]> {
    let lines: RetiredTicket[]
    try {
      // A torn last line (a crash mid-append) is moved aside and said, never rewritten away.
      const read = await openJsonLines(this.writer.file, RetiredTicket)
      if (read.torn) this.report(describeTorn(read.torn))
      lines = read.records
    } catch (error) {
      this.report(`Tickets that left memory cannot be listed: ${(error as Error).message}`)
      return []
    }
    const latestAt = new Map<string, number>()
    lines.forEach((line, index) => latestAt.set(line.ticketId, index))
    const latest = lines.filter((line, index) => latestAt.get(line.ticketId) === index)
    const superseded = lines.length - latest.length
    if (superseded >= this.compactAtLeast && superseded * 4 >= lines.length) {
      try {
        this.writer.replaceAll(latest)
      } catch (error) {
        // Nothing lost: the file holds what it held, superseded lines included.
        this.report((error as Error).message)
      }
    }
    return latest
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task)
    this.queue = result.catch(() => undefined)
    return result
  }
}
