/** Freshdesk's tickets and conversations as Vigil's tickets and messages. */
import type { AuthorRole, Message, Ticket, TicketStatus } from '../../../../shared/domain'
import type { FreshdeskConfig } from '../connectionConfig'
import type { MessageBody } from '../messageText'
import { messageBody } from '../messageText'
import { isBotAuthor } from '../wireHelpers'
import type { FdConversation, FdTicket } from './freshdeskApi'

/** 2 Open, 3 Pending, 4 Resolved, 5 Closed; custom statuses (6 and up) count as open. */
export function ticketStatus(status: number): TicketStatus {
  return status === 3 ? 'pending' : status === 4 ? 'resolved' : status === 5 ? 'closed' : 'open'
}

export function toTicket(ticket: FdTicket, team: string): Ticket {
  return {
    id: String(ticket.id),
    subject: (ticket.subject ?? '').slice(0, 500),
    status: ticketStatus(ticket.status),
    assignee: ticket.responder_id ? `agent ${ticket.responder_id}` : null,
    team,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at
  }
}

export function isWatched(ticket: FdTicket, watch: FreshdeskConfig['watch'], me: number | null): boolean {
  switch (watch.kind) {
    case 'assigned-to-me':
      return me !== null && ticket.responder_id === me
    case 'group':
      return String(ticket.group_id ?? '') === watch.group
    case 'tickets':
      return watch.ids.includes(String(ticket.id))
  }
}

/** Private notes are internal (analyst); incoming messages and the requester's own are the customer's. */
export function authorRole(
  conversation: FdConversation,
  ticket: FdTicket,
  bots: readonly string[]
): AuthorRole {
  if (isBotAuthor(bots, conversation.user_id, conversation.from_email)) return 'bot'
  if (conversation.private) return 'analyst'
  if (
    conversation.incoming ||
    (conversation.user_id != null && conversation.user_id === ticket.requester_id)
  ) {
    return 'customer'
  }
  return 'analyst'
}

export function conversationBody(conversation: FdConversation): MessageBody {
  const files = conversation.attachments.map((file) => ({
    name: file.name ?? '',
    contentType: file.content_type,
    size: file.size
  }))
  if (conversation.body) return messageBody(conversation.body, 'html', files)
  return messageBody(conversation.body_text ?? '', 'text', files)
}

/** The ticket's description: the requester's first message, kept on the ticket rather than in its conversations. */
export function descriptionMessage(
  ticket: FdTicket
): { message: Message; attachments: number; body: MessageBody } | null {
  const files = ticket.attachments.map((file) => ({
    name: file.name ?? '',
    contentType: file.content_type,
    size: file.size
  }))
  const body = ticket.description
    ? messageBody(ticket.description, 'html', files)
    : messageBody(ticket.description_text ?? '', 'text', files)
  if (!body.text) return null
  const message: Message = {
    id: `${ticket.id}-description`,
    ticketId: String(ticket.id),
    authorRole: 'customer',
    authorName: `requester ${ticket.requester_id ?? ''}`.trim(),
    text: body.text,
    time: ticket.created_at
  }
  return { message, attachments: files.length, body }
}
