/** Freshdesk as a time-window source: tickets by `updated_since` (filtered here), conversations oldest first. */
import type { FreshdeskConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import type { WindowAdapter, WindowMessage, WindowTicket } from '../polling/timeWindowSource'
import { parseItems, serverDate } from '../wireHelpers'
import { FdConversation, FdTicket } from './freshdeskApi'
import type { FreshdeskApi } from './freshdeskApi'
import { authorRole, conversationBody, descriptionMessage, isWatched, toTicket } from './freshdeskMapping'

export interface FreshdeskTicket extends WindowTicket {
  raw: FdTicket
}

export class FreshdeskAdapter implements WindowAdapter<FreshdeskTicket> {
  private me: number | null = null

  constructor(
    private readonly api: FreshdeskApi,
    private readonly config: FreshdeskConfig,
    private readonly team: string,
    private readonly counters: ConnectorCounters
  ) {}

  async serverTime(signal: AbortSignal): Promise<string> {
    const { agent, headers } = await this.api.me(signal)
    this.me = agent.id
    return serverDate(headers)
  }

  async *changedTickets(since: string, signal: AbortSignal): AsyncGenerator<FreshdeskTicket> {
    if (this.config.watch.kind === 'assigned-to-me' && this.me === null)
      this.me = (await this.api.me(signal)).agent.id
    const skip = (): void => this.counters.skip('malformed')
    for await (const page of this.api.ticketsUpdatedSince(since.replace(/\.\d+Z$/, 'Z'), signal)) {
      for (const raw of parseItems(FdTicket, page, skip)) {
        if (!isWatched(raw, this.config.watch, this.me)) continue
        const opening = descriptionMessage(raw)
        if (opening) this.counters.noted(opening.body, opening.attachments)
        yield { raw, ticket: toTicket(raw, this.team), opening: opening?.message ?? null }
      }
    }
  }

  async messagesAfter(
    item: FreshdeskTicket,
    afterSeq: number,
    signal: AbortSignal
  ): Promise<{ messages: WindowMessage[]; newest: number | null }> {
    const messages: WindowMessage[] = []
    let newest: number | null = null
    for await (const page of this.api.conversations(item.raw.id, signal)) {
      for (const conversation of parseItems(FdConversation, page, () => this.counters.skip('malformed'))) {
        newest = Math.max(newest ?? 0, conversation.id)
        if (conversation.id > afterSeq)
          messages.push({ seq: conversation.id, message: this.message(conversation, item.raw) })
      }
    }
    return { messages: messages.sort((a, b) => a.seq - b.seq), newest }
  }

  private message(conversation: FdConversation, ticket: FdTicket): WindowMessage['message'] {
    const body = conversationBody(conversation)
    this.counters.noted(body, conversation.attachments.length)
    if (!body.text) {
      this.counters.skip('empty')
      return null
    }
    return {
      id: String(conversation.id),
      ticketId: String(ticket.id),
      authorRole: authorRole(conversation, ticket, this.config.botAuthors),
      authorName: (conversation.from_email ?? `user ${conversation.user_id ?? ''}`).slice(0, 200),
      text: body.text,
      time: conversation.created_at,
      ...(conversation.private ? { internal: true } : {})
    }
  }
}
