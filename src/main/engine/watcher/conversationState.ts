/** What Vigil knows about one ticket's conversation: messages, roles, phase, and what it already said. */
import type { Message, Suggestion, Ticket } from '../../../shared/domain'

export type Phase = 'new' | 'waiting on analyst' | 'waiting on customer' | 'stalled' | 'resolved'

/** An analyst's message the customer got: an internal note is not one (nothing was said to the customer). */
export const isReplyToCustomer = (message: Message): boolean =>
  message.authorRole === 'analyst' && !message.internal

export class ConversationState {
  readonly messages: Message[] = []
  readonly suggestions: Suggestion[] = []
  resolvedAt: string | null = null
  /** The unanswered customer message a stall was last reported for, so a stall wakes Vigil once. */
  stallHandledFor: string | null = null

  constructor(public ticket: Ticket) {}

  get isResolved(): boolean {
    return this.resolvedAt !== null
  }

  addMessage(message: Message): void {
    this.messages.push(message)
    if (message.time > this.ticket.updatedAt) this.ticket = { ...this.ticket, updatedAt: message.time }
    if (this.ticket.status === 'new' && message.authorRole === 'analyst') {
      this.ticket = { ...this.ticket, status: 'open' }
    }
  }

  resolve(at: string): void {
    this.resolvedAt = at
    this.ticket = {
      ...this.ticket,
      status: 'resolved',
      updatedAt: at > this.ticket.updatedAt ? at : this.ticket.updatedAt
    }
  }

  /** Reopening keeps the history; a later resolve learns again from the whole case. */
  reopen(ticket: Ticket): void {
    this.resolvedAt = null
    this.ticket = ticket
  }

  lastMessage(role?: Message['authorRole']): Message | undefined {
    for (let index = this.messages.length - 1; index >= 0; index--) {
      const message = this.messages[index]!
      if (!role || message.authorRole === role) return message
    }
    return undefined
  }

  customerMessages(): Message[] {
    return this.messages.filter((message) => message.authorRole === 'customer')
  }

  analystMessages(): Message[] {
    return this.messages.filter((message) => message.authorRole === 'analyst')
  }

  lastSuggestion(filter: (suggestion: Suggestion) => boolean = () => true): Suggestion | undefined {
    return this.suggestions.findLast(filter)
  }

  /** Entries already cited on this ticket: never offered again here. */
  shownEntryIds(): Set<string> {
    return new Set(this.suggestions.flatMap((suggestion) => suggestion.citations.map((c) => c.entryId)))
  }

  /** Dismissals on this ticket: repeated ones quiet Vigil here. */
  dismissals(): number {
    return this.suggestions.filter((suggestion) => suggestion.feedback.some((f) => f.kind === 'dismissed'))
      .length
  }

  /** Where the case stands at `now`. */
  phase(now: Date, stalledAfterMinutes: number): Phase {
    if (this.isResolved) return 'resolved'
    // An internal note answers nobody: a customer waiting before it is still waiting after it.
    const last = this.messages.findLast((m) => m.authorRole === 'customer' || isReplyToCustomer(m))
    if (!last) return 'new'
    if (last.authorRole === 'analyst') return 'waiting on customer'
    const waitedMinutes = (now.getTime() - Date.parse(last.time)) / 60_000
    return waitedMinutes >= stalledAfterMinutes ? 'stalled' : 'waiting on analyst'
  }
}
