/** Chatwoot's conversations and messages as Vigil's tickets and messages. */
import type { AuthorRole, Ticket, TicketStatus } from '../../../../shared/domain'
import type { WatchFilter } from '../connectionConfig'
import type { Query } from '../http/connectorHttpClient'
import type { MessageBody } from '../messageText'
import { messageBody } from '../messageText'
import { isBotAuthor, isoTime } from '../wireHelpers'
import type { CwConversation, CwMessage } from './chatwootApi'

export function ticketStatus(status: string): TicketStatus {
  if (status === 'resolved') return 'resolved'
  if (status === 'pending' || status === 'snoozed') return 'pending'
  return 'open'
}

/** Chatwoot conversations have no subject: the e-mail subject when there is one, else who is talking. */
export function toTicket(conversation: CwConversation, team: string): Ticket | null {
  const createdAt = isoTime(conversation.created_at)
  const updatedAt = isoTime(
    conversation.last_activity_at ?? conversation.timestamp ?? conversation.created_at
  )
  if (!createdAt || !updatedAt) return null
  const mailSubject = conversation.additional_attributes?.['mail_subject']
  const sender = conversation.meta?.sender?.name
  return {
    id: String(conversation.id),
    subject: (typeof mailSubject === 'string' && mailSubject
      ? mailSubject
      : `Conversation with ${sender ?? 'a contact'}`
    ).slice(0, 500),
    status: ticketStatus(conversation.status),
    assignee: conversation.meta?.assignee?.name ?? null,
    team,
    createdAt,
    updatedAt: updatedAt < createdAt ? createdAt : updatedAt
  }
}

/** The list filter for a watch (explicit ids are read one by one). */
export function listFilter(watch: Exclude<WatchFilter, { kind: 'tickets' }>): Query {
  return watch.kind === 'assigned-to-me'
    ? { assignee_type: 'me' }
    : { assignee_type: 'all', team_id: watch.group }
}

const messageTypes: Record<string, number> = { incoming: 0, outgoing: 1, activity: 2, template: 3 }

/**
 * Incoming messages are the contact's (customer); outgoing ones an agent's (analyst) or an agent bot's (bot);
 * activity messages ("assigned to", "resolved by") the system's; templates a bot's. Private messages are internal
 * notes (analyst). Null for a message type Vigil does not know.
 */
export function authorRole(message: CwMessage, bots: readonly string[]): AuthorRole | null {
  const type =
    typeof message.message_type === 'number' ? message.message_type : messageTypes[message.message_type]
  const senderType = (message.sender_type ?? message.sender?.type ?? '').toLowerCase()
  if (isBotAuthor(bots, message.sender?.id, message.sender?.name, message.sender?.email)) return 'bot'
  if (type === 2) return 'system'
  if (senderType === 'agentbot' || senderType === 'agent_bot' || type === 3) return 'bot'
  if (message.private) return 'analyst'
  if (type === 0) return 'customer'
  if (type === 1) return message.sender ? 'analyst' : 'bot'
  return null
}

export function isDeleted(message: CwMessage): boolean {
  return message.content_attributes?.['deleted'] === true
}

export function chatwootBody(message: CwMessage): MessageBody {
  const files = message.attachments.map((file) => ({
    name: file.data_url
      ? decodeURIComponent(file.data_url.split('/').pop() ?? '')
      : `${file.file_type ?? 'file'}${file.extension ? `.${file.extension}` : ''}`,
    contentType: file.file_type,
    size: file.file_size
  }))
  // E-mail inboxes deliver HTML content; chat content is text (Markdown).
  const content = message.content ?? ''
  return messageBody(content, /^\s*<[a-z!]/i.test(content) ? 'html' : 'text', files)
}
