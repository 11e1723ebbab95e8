/** Zammad as a time-window source: watched tickets from search, their articles (internal notes included). */
import type { ZammadConfig } from '../connectionConfig'
import type { ConnectorCounters } from '../connectorCounters'
import type { WindowAdapter, WindowMessage, WindowTicket } from '../polling/timeWindowSource'
import { parseItems, serverDate } from '../wireHelpers'
import { ZmArticle, ZmTicket, searchPageSize } from './zammadApi'
import type { ZammadApi } from './zammadApi'
import { articleBody, authorRole, searchQuery, toTicket } from './zammadMapping'

export interface ZammadTicket extends WindowTicket {
  raw: ZmTicket
}

export class ZammadAdapter implements WindowAdapter<ZammadTicket> {
  private me: number | null = null

  constructor(
    private readonly api: ZammadApi,
    private readonly config: ZammadConfig,
    private readonly team: string,
    private readonly counters: ConnectorCounters
  ) {}

  async serverTime(signal: AbortSignal): Promise<string> {
    const { user, headers } = await this.api.me(signal)
    this.me = user.id
    return serverDate(headers)
  }

  async *changedTickets(since: string, signal: AbortSignal): AsyncGenerator<ZammadTicket> {
    if (this.config.watch.kind === 'assigned-to-me' && this.me === null)
      this.me = (await this.api.me(signal)).user.id
    const query = searchQuery(this.config.watch, since, this.me)
    for (let page = 1; page <= 100; page++) {
      const items = await this.api.searchTickets(query, page, signal)
      for (const raw of parseItems(ZmTicket, items, () => this.counters.skip('malformed'))) {
        yield { raw, ticket: toTicket(raw, this.team) }
      }
      if (items.length < searchPageSize) return
    }
  }

  async messagesAfter(
    item: ZammadTicket,
    afterSeq: number,
    signal: AbortSignal
  ): Promise<{ messages: WindowMessage[]; newest: number | null }> {
    const articles = parseItems(ZmArticle, await this.api.articles(item.raw.id, signal), () =>
      this.counters.skip('malformed')
    )
    const newest = articles.reduce<number | null>((top, article) => Math.max(top ?? 0, article.id), null)
    const messages = articles
      .filter((article) => article.id > afterSeq)
      .map((article) => ({ seq: article.id, message: this.message(article) }))
    return { messages: messages.sort((a, b) => a.seq - b.seq), newest }
  }

  private message(article: ZmArticle): WindowMessage['message'] {
    const role = authorRole(article, this.config.botAuthors)
    if (!role) {
      this.counters.skip('unknown-type')
      return null
    }
    const body = articleBody(article)
    this.counters.noted(body, article.attachments.length)
    if (!body.text) {
      this.counters.skip('empty')
      return null
    }
    return {
      id: String(article.id),
      ticketId: String(article.ticket_id),
      authorRole: role,
      authorName: (article.created_by ?? article.from ?? `user ${article.created_by_id ?? ''}`).slice(0, 200),
      text: body.text,
      time: article.created_at,
      ...(article.internal ? { internal: true } : {})
    }
  }
}
