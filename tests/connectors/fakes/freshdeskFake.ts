/**
 * Freshdesk's API v2 as documented (agents/me, tickets with updated_since and include=description, conversations,
 * groups, notes), paged with `page`/`per_page` and a `Link: <...>; rel="next"` header, over recorded fixture objects.
 */
import type { FakeReply, FakeRequest, FakeServer } from '../helpers/fakeServer'
import { loadFixture } from './fixtures'

type Json = Record<string, unknown>
export interface FreshdeskData {
  me: Json
  groups: Json[]
  tickets: Json[]
  conversations: Record<string, Json[]>
  rateLimited: Json
  unauthorized: Json
  forbidden: Json
}

export class FreshdeskFake {
  readonly data = loadFixture<FreshdeskData>('freshdesk')
  private nextId = 30_100

  constructor(
    private readonly server: FakeServer,
    private readonly pageSize = 100
  ) {
    this.install()
  }

  addConversation(ticketId: number, conversation: Json): Json {
    const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const full = {
      id: this.nextId++,
      incoming: false,
      private: false,
      body_text: '',
      attachments: [],
      ticket_id: ticketId,
      created_at: at,
      updated_at: at,
      ...conversation
    }
    ;(this.data.conversations[String(ticketId)] ??= []).push(full)
    this.data.tickets.find((ticket) => ticket.id === ticketId)!.updated_at = at
    return full
  }

  private paged(request: FakeRequest, items: Json[]): FakeReply {
    const size = Math.min(Number(request.query.get('per_page') ?? 30), this.pageSize)
    const page = Number(request.query.get('page') ?? 1)
    const slice = items.slice((page - 1) * size, page * size)
    const headers: Record<string, string> = { date: new Date().toUTCString() }
    if (page * size < items.length) {
      const next = new URLSearchParams(request.query)
      next.set('page', String(page + 1))
      headers['link'] = `<${this.server.url}${request.path}?${next}>; rel="next"`
    }
    return { json: slice, headers }
  }

  private install(): void {
    this.server
      .on('GET', '/api/v2/agents/me', () => ({
        json: this.data.me,
        headers: { date: new Date().toUTCString() }
      }))
      .on('GET', /^\/api\/v2\/groups\/(\d+)$/, (request) => {
        const group = this.data.groups.find((item) => String(item.id) === request.path.split('/').pop())
        return group ? { json: group } : { status: 404, json: undefined }
      })
      .on('GET', '/api/v2/tickets', (request) => {
        const since = Date.parse(request.query.get('updated_since') ?? '1970-01-01T00:00:00Z')
        const tickets = this.data.tickets
          .filter((ticket) => Date.parse(String(ticket.updated_at)) >= since)
          .sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)))
          .map((ticket) =>
            request.query.get('include') === 'description'
              ? ticket
              : { ...ticket, description: undefined, description_text: undefined }
          )
        return this.paged(request, tickets)
      })
      .on('GET', /^\/api\/v2\/tickets\/(\d+)$/, (request) => {
        const ticket = this.data.tickets.find((item) => String(item.id) === request.path.split('/').pop())
        return ticket ? { json: ticket } : { status: 404, json: undefined }
      })
      .on('GET', /^\/api\/v2\/tickets\/(\d+)\/conversations$/, (request) =>
        this.paged(request, this.data.conversations[request.path.split('/')[4]!] ?? [])
      )
      .on('POST', /^\/api\/v2\/tickets\/(\d+)\/notes$/, (request) => {
        const body = request.body as { body: string; private: boolean }
        const note = this.addConversation(Number(request.path.split('/')[4]), {
          body: body.body,
          private: body.private,
          source: 2,
          user_id: 66001
        })
        return { status: 201, json: note }
      })
  }
}
