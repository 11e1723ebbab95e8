/**
 * Zendesk Support's API as documented (search export, show_many, ticket comments with cursor pagination and user
 * sideloading, ticket update with a comment), over recorded fixture objects held in memory.
 */
import type { FakeServer } from '../helpers/fakeServer'
import { loadFixture, pageOf } from './fixtures'

type Json = Record<string, unknown>
export interface ZendeskData {
  users: Json[]
  tickets: Json[]
  comments: Record<string, Json[]>
  rateLimited: Json
  unauthorized: Json
  anonymousMe: Json
}

export interface ZendeskFakeOptions {
  meId?: number
  searchPageSize?: number
  commentPageSize?: number
  /** The server's clock, for Date headers and new records. Default: the local clock. */
  now?: () => Date
}

export class ZendeskFake {
  readonly data: ZendeskData
  private nextCommentId = 9_000_000_100

  constructor(
    private readonly server: FakeServer,
    private readonly options: ZendeskFakeOptions = {},
    data?: ZendeskData
  ) {
    this.data = data ?? loadFixture<ZendeskData>('zendesk')
    this.install()
  }

  ticket(id: number): Json {
    return this.data.tickets.find((ticket) => ticket.id === id)!
  }

  /** A new comment, as if written now; the ticket's updated_at moves with it. */
  addComment(ticketId: number, comment: Partial<Json> & { author_id: number; body: string }): Json {
    const at = this.now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
    const full = {
      id: this.nextCommentId++,
      type: 'Comment',
      public: true,
      html_body: null,
      plain_body: comment.body,
      attachments: [],
      via: { channel: 'web' },
      created_at: at,
      metadata: {},
      ...comment
    }
    ;(this.data.comments[String(ticketId)] ??= []).push(full)
    this.ticket(ticketId).updated_at = at
    return full
  }

  private now(): Date {
    return this.options.now?.() ?? new Date()
  }

  private dated<T extends object>(reply: T): T & { headers: Record<string, string> } {
    return { ...reply, headers: { date: this.now().toUTCString() } }
  }

  private install(): void {
    const meId = this.options.meId ?? 501
    const base = `${this.server.url}/api/v2`
    this.server
      .on('GET', '/api/v2/users/me.json', () =>
        this.dated({ json: { user: this.data.users.find((user) => user.id === meId) } })
      )
      .on('GET', '/api/v2/search/export', (request) => {
        const query = request.query.get('query') ?? ''
        const since = /updated>(\S+)/.exec(query)?.[1]
        const group = /group:"([^"]*)"/.exec(query)?.[1]
        const matches = this.data.tickets
          .filter((ticket) => !since || Date.parse(String(ticket.updated_at)) > Date.parse(since))
          .filter((ticket) => !query.includes('assignee:me') || ticket.assignee_id === meId)
          .filter((ticket) => group === undefined || String(ticket.group_id) === group)
          .sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)))
        const size = Math.min(
          Number(request.query.get('page[size]') ?? 100),
          this.options.searchPageSize ?? 100
        )
        const { page, next } = pageOf(matches, request.query.get('page[after]'), size)
        const nextUrl = next
          ? `${base}/search/export?${new URLSearchParams({ query, 'filter[type]': 'ticket', 'page[size]': String(size), 'page[after]': next })}`
          : null
        return this.dated({
          json: {
            results: page,
            facets: null,
            meta: { has_more: next !== null, after_cursor: next, before_cursor: null },
            links: { prev: null, next: nextUrl }
          }
        })
      })
      .on('GET', '/api/v2/tickets/show_many.json', (request) => {
        const ids = (request.query.get('ids') ?? '').split(',').map(Number)
        return this.dated({
          json: {
            tickets: this.data.tickets.filter((ticket) => ids.includes(Number(ticket.id))),
            next_page: null,
            previous_page: null,
            count: ids.length
          }
        })
      })
      .on('GET', /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/, (request) => {
        const ticketId = /tickets\/(\d+)/.exec(request.path)![1]!
        const all = [...(this.data.comments[ticketId] ?? [])]
        if (request.query.get('sort_order') === 'desc') all.reverse()
        const size = Math.min(
          Number(request.query.get('page[size]') ?? 100),
          this.options.commentPageSize ?? 100
        )
        const { page, next } = pageOf(all, request.query.get('page[after]'), size)
        const authors = new Set(page.map((comment) => comment.author_id))
        const users =
          request.query.get('include') === 'users'
            ? this.data.users.filter((user) => authors.has(user.id))
            : undefined
        const nextUrl = next
          ? `${base}/tickets/${ticketId}/comments.json?sort_order=${request.query.get('sort_order') ?? 'asc'}&include=users&page[size]=${size}&page[after]=${next}`
          : null
        return this.dated({
          json: {
            comments: page,
            ...(users ? { users } : {}),
            meta: { has_more: next !== null, after_cursor: next, before_cursor: null },
            links: { prev: null, next: nextUrl }
          }
        })
      })
      .on('PUT', /^\/api\/v2\/tickets\/(\d+)\.json$/, (request) => {
        const ticketId = Number(/tickets\/(\d+)/.exec(request.path)![1])
        const comment = (request.body as { ticket: { comment: { body: string; public: boolean } } }).ticket
          .comment
        const added = this.addComment(ticketId, {
          author_id: meId,
          body: comment.body,
          public: comment.public
        })
        return this.dated({
          json: {
            ticket: this.ticket(ticketId),
            audit: {
              id: 7000000100,
              ticket_id: ticketId,
              events: [{ id: 1, type: 'Comment', body: added.body, public: added.public }]
            }
          }
        })
      })
  }
}
