/** Zammad's tickets and articles as Vigil's tickets and messages. */
import type { AuthorRole, Ticket, TicketStatus } from '../../../../shared/domain'
import type { WatchFilter } from '../connectionConfig'
import type { MessageBody } from '../messageText'
import { messageBody } from '../messageText'
import { isBotAuthor } from '../wireHelpers'
import type { ZmArticle, ZmTicket } from './zammadApi'

/** Zammad's "closed" is solved; merged and removed tickets are closed without a resolution. */
export function ticketStatus(state: string | null | undefined): TicketStatus {
  const name = (state ?? '').toLowerCase()
  if (name === 'new') return 'new'
  if (name.startsWith('pending')) return 'pending'
  if (name === 'closed') return 'resolved'
  if (name === 'merged' || name === 'removed') return 'closed'
  return 'open'
}

export function toTicket(ticket: ZmTicket, team: string): Ticket {
  return {
    id: String(ticket.id),
    subject: (ticket.title ?? '').slice(0, 500),
    status: ticketStatus(ticket.state),
    assignee: ticket.owner && ticket.owner !== '-' ? ticket.owner : null,
    team,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at
  }
}

/** An Elasticsearch query_string for watched tickets updated at or after `since`. */
export function searchQuery(watch: WatchFilter, since: string, me: number | null): string {
  // Colons inside a query_string value must be escaped.
  const updated = `updated_at:>=${since.replace(/:/g, '\\:')}`
  switch (watch.kind) {
    case 'assigned-to-me':
      return `${updated} AND owner_id:${me ?? 0}`
    case 'group':
      return `${updated} AND group.name:"${watch.group.replace(/["\\]/g, '')}"`
    case 'tickets':
      return `${updated} AND id:(${watch.ids.join(' OR ')})`
  }
}

const senders: Record<string, AuthorRole> = { customer: 'customer', agent: 'analyst', system: 'system' }

/** The article's sender decides (Customer, Agent, System); listed bot accounts are bots. Unknown senders: null. */
export function authorRole(article: ZmArticle, bots: readonly string[]): AuthorRole | null {
  if (isBotAuthor(bots, article.created_by_id, article.created_by, article.from)) return 'bot'
  return senders[(article.sender ?? '').toLowerCase()] ?? null
}

export function articleBody(article: ZmArticle): MessageBody {
  const files = article.attachments.map((file) => ({
    name: file.filename ?? '',
    contentType:
      typeof file.preferences?.['Content-Type'] === 'string'
        ? (file.preferences['Content-Type'] as string)
        : null,
    size: Number(file.size) || null
  }))
  const format = /html/i.test(article.content_type ?? '') ? 'html' : 'text'
  return messageBody(article.body ?? '', format, files)
}
