/**
 * Zammad's REST API as documented (users/me, expanded ticket search with Elasticsearch query strings, articles by
 * ticket, article creation), over recorded fixture objects. `hidden` tickets are missing from search results, as a
 * ticket is while the search index lags behind.
 */
import type { FakeServer } from '../helpers/fakeServer'
import { loadFixture } from './fixtures'

type Json = Record<string, unknown>
export interface ZammadData {
  me: Json
  tickets: Json[]
  articles: Record<string, Json[]>
  unauthorized: Json
  forbidden: Json
}

export class ZammadFake {
  readonly data = loadFixture<ZammadData>('zammad')
  readonly hidden = new Set<number>()
  private nextId = 800

  constructor(private readonly server: FakeServer) {
    this.install()
  }

  addArticle(ticketId: number, article: Json): Json {
    const at = new Date().toISOString()
    const full = {
      id: this.nextId++,
      ticket_id: ticketId,
      type: 'web',
      sender: 'Customer',
      internal: false,
      content_type: 'text/plain',
      attachments: [],
      created_at: at,
      updated_at: at,
      ...article
    }
    ;(this.data.articles[String(ticketId)] ??= []).push(full)
    this.data.tickets.find((ticket) => ticket.id === ticketId)!.updated_at = at
    return full
  }

  /** The subset of Elasticsearch query_string syntax Vigil sends. */
  private matches(ticket: Json, query: string): boolean {
    const since = /updated_at:>=(\S+)/.exec(query)?.[1]?.replace(/\\:/g, ':')
    if (since && Date.parse(String(ticket.updated_at)) < Date.parse(since)) return false
    const owner = /owner_id:(\d+)/.exec(query)?.[1]
    if (owner && String(ticket.owner_id) !== owner) return false
    const group = /group\.name:"([^"]*)"/.exec(query)?.[1]
    if (group && ticket.group !== group) return false
    const ids = /\bid:\(([^)]*)\)/.exec(query)?.[1]
    if (ids && !ids.split(' OR ').includes(String(ticket.id))) return false
    return !this.hidden.has(Number(ticket.id))
  }

  private install(): void {
    this.server
      .on('GET', '/api/v1/users/me', () => ({
        json: this.data.me,
        headers: { date: new Date().toUTCString() }
      }))
      .on('GET', '/api/v1/tickets/search', (request) => {
        const query = request.query.get('query') ?? ''
        const limit = Number(request.query.get('limit') ?? 10)
        const page = Number(request.query.get('page') ?? 1)
        const found = this.data.tickets
          .filter((ticket) => this.matches(ticket, query))
          .sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)))
        return { json: found.slice((page - 1) * limit, page * limit) }
      })
      .on('GET', /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/, (request) => ({
        json: this.data.articles[request.path.split('/').pop()!] ?? []
      }))
      .on('POST', '/api/v1/ticket_articles', (request) => {
        const body = request.body as Json
        return {
          status: 201,
          json: this.addArticle(Number(body.ticket_id), {
            ...body,
            created_by: 'kim@zammad.example',
            created_by_id: 3
          })
        }
      })
  }
}
