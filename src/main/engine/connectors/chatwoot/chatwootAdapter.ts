/** Chatwoot as a time-window source: conversations by recent activity (or by id), their messages newest first. */
import type { ChatwootConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import { ConnectorError } from '../http/connectorError'
import type { WindowAdapter, WindowMessage, WindowTicket } from '../polling/timeWindowSource'
import { isoTime, parseItems, serverDate } from '../wireHelpers'
import { CwConversation, CwMessage } from './chatwootApi'
import type { ChatwootApi } from './chatwootApi'
import { authorRole, chatwootBody, isDeleted, listFilter, toTicket } from './chatwootMapping'

export interface ChatwootTicket extends WindowTicket {
  raw: CwConversation
}

export class ChatwootAdapter implements WindowAdapter<ChatwootTicket> {
  constructor(
    private readonly api: ChatwootApi,
    private readonly config: ChatwootConfig,
    private readonly team: string,
    private readonly counters: ConnectorCounters
  ) {}

  async serverTime(signal: AbortSignal): Promise<string> {
    return serverDate((await this.api.profile(signal)).headers)
  }

  async *changedTickets(since: string, signal: AbortSignal): AsyncGenerator<ChatwootTicket> {
    const watch = this.config.watch
    const from = Date.parse(since)
    if (watch.kind === 'tickets') {
      for (const id of watch.ids) {
        const item = await this.byId(Number(id), signal)
        if (item && Date.parse(item.ticket.updatedAt) >= from) yield item
      }
      return
    }
    for (let page = 1; page <= 400; page++) {
      const items = await this.api.conversations(listFilter(watch), page, signal)
      let older = false
      for (const raw of parseItems(CwConversation, items, () => this.counters.skip('malformed'))) {
        const item = this.wrap(raw)
        if (!item) continue
        if (Date.parse(item.ticket.updatedAt) >= from) yield item
        else older = true
      }
      // Most recent activity first: once a page reaches older conversations, the rest are older still.
      if (older || items.length === 0) return
    }
  }

  async messagesAfter(
    item: ChatwootTicket,
    afterSeq: number,
    signal: AbortSignal
  ): Promise<{ messages: WindowMessage[]; newest: number | null }> {
    const messages: WindowMessage[] = []
    let newest: number | null = null
    let before: number | null = null
    for (let page = 0; page < 500; page++) {
      const batch = parseItems(CwMessage, await this.api.messages(item.raw.id, before, signal), () =>
        this.counters.skip('malformed')
      )
      if (batch.length === 0) break
      const ids = batch.map((message) => message.id)
      // A server that ignores `before` would send the same page forever.
      if (before !== null && Math.min(...ids) >= before) break
      newest = Math.max(newest ?? 0, ...ids)
      for (const message of batch) {
        if (message.id > afterSeq) messages.push({ seq: message.id, message: this.message(message, item) })
      }
      before = Math.min(...ids)
      if (before <= afterSeq) break
    }
    return { messages: messages.sort((a, b) => a.seq - b.seq), newest }
  }

  private message(message: CwMessage, item: ChatwootTicket): WindowMessage['message'] {
    if (isDeleted(message)) {
      this.counters.skip('deleted')
      return null
    }
    const role = authorRole(message, this.config.botAuthors)
    const time = isoTime(message.created_at)
    if (!role || !time) {
      this.counters.skip(role ? 'malformed' : 'unknown-type')
      return null
    }
    const body = chatwootBody(message)
    this.counters.noted(body, message.attachments.length)
    if (!body.text) {
      this.counters.skip('empty')
      return null
    }
    const name = message.sender?.name ?? (role === 'customer' ? item.raw.meta?.sender?.name : null) ?? role
    return {
      id: String(message.id),
      ticketId: item.ticket.id,
      authorRole: role,
      authorName: name.slice(0, 200),
      text: body.text,
      time,
      ...(message.private ? { internal: true } : {})
    }
  }

  private async byId(id: number, signal: AbortSignal): Promise<ChatwootTicket | null> {
    try {
      const parsed = CwConversation.safeParse(await this.api.conversation(id, signal))
      if (parsed.success) return this.wrap(parsed.data)
      this.counters.skip('malformed')
    } catch (error) {
      // A watched conversation that was deleted must not stop the others.
      if (!(error instanceof ConnectorError && error.problem === 'not-found')) throw error
      this.counters.skip('deleted')
    }
    return null
  }

  private wrap(raw: CwConversation): ChatwootTicket | null {
    const ticket = toTicket(raw, this.team)
    if (!ticket) this.counters.skip('malformed')
    return ticket ? { raw, ticket } : null
  }
}
