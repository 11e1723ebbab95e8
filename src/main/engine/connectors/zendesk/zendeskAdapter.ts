/** Zendesk as a time-window source: watched tickets from search (or by id), their comments newest first. */
import type { ZendeskConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import type { WindowAdapter, WindowMessage, WindowTicket } from '../polling/timeWindowSource'
import { parseItems, serverDate } from '../wireHelpers'
import { ZdComment, ZdTicket, ZdUser } from './zendeskApi'
import type { ZendeskApi } from './zendeskApi'
import { authorRole, commentBody, isRedacted, searchQuery, toMessage, toTicket } from './zendeskMapping'

export interface ZendeskTicket extends WindowTicket {
  raw: ZdTicket
}

const commentTypes = new Set(['Comment', 'VoiceComment'])

export class ZendeskAdapter implements WindowAdapter<ZendeskTicket> {
  /** Names of users seen in sideloads, to name assignees; bounded. */
  private readonly names = new Map<number, string>()

  constructor(
    private readonly api: ZendeskApi,
    private readonly config: ZendeskConfig,
    private readonly team: string,
    private readonly counters: ConnectorCounters
  ) {}

  async serverTime(signal: AbortSignal): Promise<string> {
    return serverDate((await this.api.me(signal)).date)
  }

  async *changedTickets(since: string, signal: AbortSignal): AsyncGenerator<ZendeskTicket> {
    const watch = this.config.watch
    const skip = (): void => this.counters.skip('malformed')
    if (watch.kind === 'tickets') {
      for (let start = 0; start < watch.ids.length; start += 100) {
        const tickets = parseItems(
          ZdTicket,
          await this.api.ticketsById(watch.ids.slice(start, start + 100), signal),
          skip
        )
        for (const raw of tickets) if (Date.parse(raw.updated_at) >= Date.parse(since)) yield this.wrap(raw)
      }
      return
    }
    for await (const page of this.api.searchTickets(searchQuery(watch, since), signal)) {
      for (const raw of parseItems(ZdTicket, page, skip)) yield this.wrap(raw)
    }
  }

  async messagesAfter(
    item: ZendeskTicket,
    afterSeq: number,
    signal: AbortSignal
  ): Promise<{ messages: WindowMessage[]; newest: number | null }> {
    const messages: WindowMessage[] = []
    let newest: number | null = null
    pages: for await (const page of this.api.comments(item.raw.id, signal)) {
      const users = new Map(parseItems(ZdUser, page.users, () => {}).map((user) => [user.id, user]))
      for (const user of users.values()) this.remember(user)
      for (const comment of parseItems(ZdComment, page.comments, () => this.counters.skip('malformed'))) {
        newest ??= comment.id
        if (comment.id <= afterSeq) break pages
        messages.push({
          seq: comment.id,
          message: this.message(comment, users.get(comment.author_id), item.raw)
        })
      }
    }
    // Authors sideloaded with the comments name the assignee too, when they wrote on the ticket.
    item.ticket = toTicket(item.raw, this.team, this.names)
    return { messages: messages.reverse(), newest }
  }

  private message(
    comment: ZdComment,
    author: ZdUser | undefined,
    ticket: ZdTicket
  ): WindowMessage['message'] {
    if (!commentTypes.has(comment.type)) {
      this.counters.skip('unknown-type')
      return null
    }
    if (isRedacted(comment.plain_body ?? comment.body ?? '') && comment.attachments.length === 0) {
      this.counters.skip('deleted')
      return null
    }
    const body = commentBody(comment)
    this.counters.noted(body, comment.attachments.length)
    if (!body.text) {
      this.counters.skip('empty')
      return null
    }
    return toMessage(
      comment,
      ticket,
      body.text,
      authorRole(comment, author, ticket, this.config.botAuthors),
      author
    )
  }

  private wrap(raw: ZdTicket): ZendeskTicket {
    return { raw, ticket: toTicket(raw, this.team, this.names) }
  }

  private remember(user: ZdUser): void {
    if (user.id === null || !user.name) return
    if (this.names.size >= 10_000) this.names.clear()
    this.names.set(user.id, user.name)
  }
}
