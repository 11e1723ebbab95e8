/** Zendesk's tickets and comments as Vigil's tickets and messages. */
import type { AuthorRole, Message, Ticket, TicketStatus } from '../../../../shared/domain'
import type { WatchFilter } from '../connectionConfig'
import { messageBody } from '../messageText'
import type { MessageBody } from '../messageText'
import { isBotAuthor } from '../wireHelpers'
import type { ZdComment, ZdTicket, ZdUser } from './zendeskApi'

export function ticketStatus(status: string): TicketStatus {
  switch (status) {
    case 'new':
      return 'new'
    case 'pending':
    case 'hold':
      return 'pending'
    case 'solved':
      return 'resolved'
    case 'closed':
      return 'closed'
    default:
      return 'open'
  }
}

export function toTicket(ticket: ZdTicket, team: string, names: ReadonlyMap<number, string>): Ticket {
  const assignee = ticket.assignee_id ?? null
  return {
    id: String(ticket.id),
    subject: (ticket.subject ?? ticket.raw_subject ?? '').slice(0, 500),
    status: ticketStatus(ticket.status),
    assignee: assignee === null ? null : (names.get(assignee) ?? `agent ${assignee}`),
    team,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at
  }
}

/** The search that finds watched tickets updated after `since` (explicit ids are read with show_many instead). */
export function searchQuery(watch: Exclude<WatchFilter, { kind: 'tickets' }>, since: string): string {
  const updated = `updated>${since.replace(/\.\d+Z$/, 'Z')}`
  if (watch.kind === 'assigned-to-me') return `${updated} assignee:me`
  return `${updated} group:"${watch.group.replace(/"/g, '')}"`
}

const systemChannels = new Set(['rule', 'system', 'automation'])
const botChannels = new Set(['answer_bot', 'ai_agent', 'sunshine_conversations_api'])

/**
 * End users are customers, agents and admins are analysts; triggers and automations (channel "rule"/"system", or
 * Zendesk's system author -1) are the system; Answer Bot and listed accounts are bots.
 */
export function authorRole(
  comment: ZdComment,
  author: ZdUser | undefined,
  ticket: ZdTicket,
  bots: readonly string[]
): AuthorRole {
  const channel = String(comment.via?.channel ?? '')
  if (isBotAuthor(bots, comment.author_id, author?.name, author?.email) || botChannels.has(channel))
    return 'bot'
  if (comment.author_id === -1 || systemChannels.has(channel)) return 'system'
  if (author?.role === 'end-user') return 'customer'
  if (author?.role === 'agent' || author?.role === 'admin') return 'analyst'
  return comment.public && comment.author_id === ticket.requester_id ? 'customer' : 'analyst'
}

/** Zendesk redaction replaces text with ▇ characters: a comment that is nothing else was removed. */
export function isRedacted(text: string): boolean {
  return /^[\s▇]*$/.test(text) && text.includes('▇')
}

export function commentBody(comment: ZdComment): MessageBody {
  const files = comment.attachments.map((file) => ({
    name: file.file_name ?? '',
    contentType: file.content_type,
    size: file.size
  }))
  if (comment.html_body) return messageBody(comment.html_body, 'html', files)
  return messageBody(comment.plain_body ?? comment.body ?? '', 'text', files)
}

export function toMessage(
  comment: ZdComment,
  ticket: ZdTicket,
  text: string,
  role: AuthorRole,
  author: ZdUser | undefined
): Message {
  return {
    id: String(comment.id),
    ticketId: String(ticket.id),
    authorRole: role,
    authorName: (author?.name ?? `user ${comment.author_id}`).slice(0, 200),
    text,
    time: comment.created_at,
    // A private comment is seen by agents only: never a reply the customer got.
    ...(comment.public ? {} : { internal: true })
  }
}
