/** How Request Tracker's records map onto Vigil's domain: statuses, author roles, watch filters as TransactionSQL. */
import type { AuthorRole, Ticket, TicketStatus } from '../../../../shared/domain'
import type { WatchFilter } from '../connectionConfig'
import type { AttachmentInfo } from '../messageText'
import type { RtAttachmentPart, RtTicket, RtTransaction } from './requestTrackerApi'

/** Transaction types that carry a message. Comments are internal (never sent to requestors). */
export const messageTypes = new Set(['Create', 'Correspond', 'Comment'])
/** Owner changes are recorded as Set (Owner) or, by older code paths, as Take/Steal/Give/Untake. */
const ownerTypes = new Set(['Take', 'Steal', 'Give', 'Untake', 'Force'])

export type TransactionKind = 'message' | 'status' | 'owner' | 'queue' | 'unknown'

export function transactionKind(transaction: RtTransaction): TransactionKind {
  if (messageTypes.has(transaction.Type)) return 'message'
  if (transaction.Type === 'Status') return 'status'
  if (ownerTypes.has(transaction.Type) || (transaction.Type === 'Set' && transaction.Field === 'Owner')) {
    return 'owner'
  }
  if (transaction.Type === 'Set' && transaction.Field === 'Queue') return 'queue'
  return 'unknown'
}

/** The TransactionSQL Vigil polls: the kinds above, on the watched tickets (judged by their current state). */
export function transactionSql(watch: WatchFilter): string {
  const kinds = [
    ...[...messageTypes, 'Status', ...ownerTypes].map((type) => `Type = '${type}'`),
    "(Type = 'Set' AND (Field = 'Owner' OR Field = 'Queue'))"
  ].join(' OR ')
  return `ObjectType = 'RT::Ticket' AND (${watchSql(watch)}) AND (${kinds})`
}

function watchSql(watch: WatchFilter): string {
  switch (watch.kind) {
    case 'assigned-to-me':
      return "TicketOwner = '__CurrentUser__'"
    case 'group':
      return `TicketQueue = '${watch.group.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
    case 'tickets':
      return watch.ids.map((id) => `TicketId = ${Number(id)}`).join(' OR ')
  }
}

/** RT's default lifecycle onto Vigil's statuses; unknown (custom) statuses count as open. */
export function ticketStatus(status: string): TicketStatus {
  switch (status.toLowerCase()) {
    case 'new':
      return 'new'
    case 'stalled':
      return 'pending'
    case 'resolved':
      return 'resolved'
    case 'rejected':
    case 'deleted':
      return 'closed'
    default:
      return 'open'
  }
}

/**
 * Requestors and Ccs are the customer's side; RT_System is the system; listed bot accounts are bots; everyone else
 * writing on the ticket is staff. A comment is always internal, so never the customer's.
 */
export function authorRole(
  transaction: RtTransaction,
  ticket: RtTicket,
  bots: readonly string[]
): AuthorRole {
  const author = transaction.Creator.id
  if (author === 'RT_System') return 'system'
  if (bots.includes(author)) return 'bot'
  if (transaction.Type === 'Comment') return 'analyst'
  const customers = [...ticket.Requestor, ...ticket.Cc].map((user) => user.id)
  return customers.includes(author) ? 'customer' : 'analyst'
}

export function toTicket(ticket: RtTicket, team: string, status = ticketStatus(ticket.Status)): Ticket {
  const owner = ticket.Owner?.id
  return {
    id: String(ticket.id),
    subject: ticket.Subject.slice(0, 500),
    status,
    assignee: owner && owner !== 'Nobody' ? owner : null,
    team,
    createdAt: ticket.Created,
    updatedAt: ticket.LastUpdated
  }
}

/** The part holding the message text (plain preferred over HTML) and the files attached to it. */
export function splitParts(parts: readonly RtAttachmentPart[]): {
  body: { id: number; format: 'text' | 'html' } | null
  files: AttachmentInfo[]
} {
  const inline = parts.filter((part) => !part.Filename && !part.ContentType.startsWith('multipart/'))
  const plain = inline.find((part) => part.ContentType === 'text/plain')
  const html = inline.find((part) => part.ContentType === 'text/html')
  const body = plain
    ? { id: plain.id, format: 'text' as const }
    : html
      ? { id: html.id, format: 'html' as const }
      : null
  const files = parts
    .filter((part) => part.Filename)
    .map((part) => ({
      name: part.Filename!,
      contentType: part.ContentType,
      size: Number(part.ContentLength) || null
    }))
  return { body, files }
}
