/** The cursor state and the adapter contract of the time-window connectors (see timeWindowSource.ts). */
import { z } from 'zod'
import type { Message, Ticket } from '../../../../shared/domain'

export const WindowState = z.object({
  /** Server time: tickets not updated since `since - overlap` are not looked at. */
  since: z.iso.datetime({ offset: true }),
  /** Every message with a lower or equal id was delivered (or is history), on tickets not in `recent`. */
  floor: z.number().int().nonnegative(),
  /**
   * Tickets updated within the overlap: the last delivered message id, and the ticket's last known update (ms), so a
   * ticket missing from one search (index lag) keeps its place until the overlap has passed.
   */
  recent: z.record(z.string(), z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
  /** Server time before which messages are history, not news (a connection that started "now"). */
  notBefore: z.iso.datetime({ offset: true })
})
export type WindowState = z.infer<typeof WindowState>

export interface WindowTicket {
  ticket: Ticket
  /** The first message when the system keeps it outside the message list (Freshdesk's description). */
  opening?: Message | null
}

export interface WindowMessage {
  /** Grows with creation time across the whole system. */
  seq: number
  /** Null for an item skipped (and counted) by the adapter: the cursor moves past it, nothing is delivered. */
  message: Message | null
}

export interface WindowAdapter<T extends WindowTicket> {
  /** The server's clock (its Date header), for a connection that starts "now". */
  serverTime(signal: AbortSignal): Promise<string>
  /** Watched tickets updated at or after `since`, in any order, repeats allowed. */
  changedTickets(since: string, signal: AbortSignal): AsyncGenerator<T>
  /** The ticket's messages with `seq > afterSeq`, and the seq of its newest message (null when it has none). */
  messagesAfter(
    ticket: T,
    afterSeq: number,
    signal: AbortSignal
  ): Promise<{ messages: WindowMessage[]; newest: number | null }>
}
