/**
 * Request Tracker 5's REST2 as the live server answers it (shapes recorded from RT 5.0.3): version, TicketSQL-style
 * transaction searches with `fields`, tickets, queues, MIME parts and base64 attachment content, comments. Records
 * the token may not see are dropped after paging, as RT does, so pages can come back short.
 */
import type { FakeServer } from '../helpers/fakeServer'

export interface RtPart {
  id: number
  ContentType: string
  Filename?: string
  Content?: string
}

export interface RtTxn {
  id: number
  ticket: number
  Type: string
  Creator: string
  Created: string
  Field?: string
  OldValue?: string
  NewValue?: string
  parts?: RtPart[]
  /** Dropped from results after paging (no right to see it). */
  invisible?: boolean
}

export interface RtTicketRecord {
  id: number
  Subject: string
  Status: string
  Owner: string
  Queue: number
  Requestor: string[]
  Cc: string[]
  Created: string
  LastUpdated: string
}

const messageTypes = ['Create', 'Correspond', 'Comment']

export class RequestTrackerFake {
  readonly transactions: RtTxn[] = []
  readonly tickets = new Map<number, RtTicketRecord>()
  readonly queues = [{ id: 3, Name: 'Support' }]

  constructor(
    private readonly server: FakeServer,
    private readonly currentUser = 'alex'
  ) {
    this.install()
  }

  private visible(sql: string): RtTxn[] {
    const after = Number(/id > (\d+)/.exec(sql)?.[1] ?? -1)
    const before = Number(/id < (\d+)/.exec(sql)?.[1] ?? Infinity)
    const ticketId = /TicketId = (\d+)/.exec(sql)?.[1]
    const queue = /TicketQueue = '([^']+)'/.exec(sql)?.[1]
    const mine = sql.includes("TicketOwner = '__CurrentUser__'")
    return this.transactions.filter((txn) => {
      const ticket = this.tickets.get(txn.ticket)!
      if (txn.id <= after || txn.id >= before) return false
      if (ticketId && String(txn.ticket) !== ticketId) return false
      if (queue && this.queues.find((q) => q.Name === queue)?.id !== ticket.Queue) return false
      if (mine && ticket.Owner !== this.currentUser) return false
      return before === Infinity || messageTypes.includes(txn.Type)
    })
  }

  private install(): void {
    const base = '/REST/2.0'
    const url = (path: string) => `${this.server.url}${base}${path}`
    const user = (name: string) => ({ type: 'user', id: name, _url: url(`/user/${name}`) })
    this.server
      .on('GET', `${base}/rt`, () => ({ json: { Version: '5.0.3', Plugins: [] } }))
      .on('GET', `${base}/transactions`, (request) => {
        const perPage = Number(request.query.get('per_page') ?? 20)
        const page = Number(request.query.get('page') ?? 1)
        let rows = this.visible(request.query.get('query') ?? '')
        if (request.query.get('order') === 'DESC') rows = [...rows].reverse()
        const items = rows
          .slice((page - 1) * perPage, page * perPage)
          .filter((txn) => !txn.invisible)
          .map((txn) => ({
            type: 'transaction',
            id: String(txn.id),
            _url: url(`/transaction/${txn.id}`),
            Type: txn.Type,
            Creator: txn.Creator ? user(txn.Creator) : undefined,
            Created: txn.Created,
            Field: txn.Field ?? '',
            OldValue: txn.OldValue ?? '',
            NewValue: txn.NewValue ?? '',
            ObjectId: String(txn.ticket),
            ObjectType: 'RT::Ticket'
          }))
        return { json: { count: items.length, page, per_page: perPage, total: null, pages: null, items } }
      })
      .on('GET', /^\/REST\/2\.0\/ticket\/(\d+)$/, (request) => {
        const ticket = this.tickets.get(Number(request.path.split('/').pop()))
        if (!ticket) return { status: 404, json: { message: 'Not Found' } }
        return {
          json: {
            id: ticket.id,
            Type: 'ticket',
            Subject: ticket.Subject,
            Status: ticket.Status,
            Owner: user(ticket.Owner),
            Queue: { type: 'queue', id: String(ticket.Queue), _url: url(`/queue/${ticket.Queue}`) },
            Requestor: ticket.Requestor.map(user),
            Cc: ticket.Cc.map(user),
            AdminCc: [],
            Created: ticket.Created,
            LastUpdated: ticket.LastUpdated,
            Resolved: '1970-01-01T00:00:00Z',
            CustomFields: [],
            _hyperlinks: []
          }
        }
      })
      .on('GET', /^\/REST\/2\.0\/queue\/(.+)$/, (request) => {
        const key = decodeURIComponent(request.path.split('/').pop()!)
        const queue = this.queues.find((q) => q.Name === key || String(q.id) === key)
        return queue
          ? { json: { ...queue, id: queue.id, Description: '', Lifecycle: 'default' } }
          : { status: 404, json: { message: 'Not Found' } }
      })
      .on('GET', /^\/REST\/2\.0\/transaction\/(\d+)\/attachments$/, (request) => {
        const txn = this.transactions.find((item) => String(item.id) === request.path.split('/')[4])
        const items = (txn?.parts ?? []).map((part) => ({
          type: 'attachment',
          id: String(part.id),
          _url: url(`/attachment/${part.id}`),
          ContentType: part.ContentType,
          Filename: part.Filename ?? '',
          ContentLength: String(Buffer.byteLength(part.Content ?? ''))
        }))
        return { json: { count: items.length, page: 1, per_page: 100, total: null, pages: null, items } }
      })
      .on('GET', /^\/REST\/2\.0\/attachment\/(\d+)$/, (request) => {
        const part = this.transactions
          .flatMap((txn) => txn.parts ?? [])
          .find((item) => String(item.id) === request.path.split('/').pop())
        return part
          ? {
              json: {
                id: part.id,
                ContentType: part.ContentType,
                Content: `${Buffer.from(part.Content ?? '').toString('base64')}\n`,
                Headers: ''
              }
            }
          : { status: 404, json: { message: 'Not Found' } }
      })
      .on('POST', /^\/REST\/2\.0\/ticket\/(\d+)\/comment$/, (request) => {
        const ticket = Number(request.path.split('/')[4])
        const id = Math.max(0, ...this.transactions.map((txn) => txn.id)) + 1
        const body = request.body as { Content: string; ContentType: string }
        this.transactions.push({
          id,
          ticket,
          Type: 'Comment',
          Creator: this.currentUser,
          Created: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
          parts: [{ id: id * 10, ContentType: body.ContentType, Content: body.Content }]
        })
        return { status: 201, json: ['Comments added'], headers: { location: `${base}/transaction/${id}` } }
      })
  }
}
