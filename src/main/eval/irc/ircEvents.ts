/**
 * Gold IRC threads as the connector events of support tickets: one thread is one ticket of team `ubuntu`, opened
 * at its first line and resolved right after its last. The thread's first speaker is the customer, every other
 * speaker an analyst, `===` lines are system messages. IRC threads have no subject, so tickets have none.
 */
import type { AuthorRole, Ticket } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import type { IrcThread } from './ircThreads'

export const IRC_TEAM = 'ubuntu'

/** Opened before the first line's message, resolved after the last line's message. */
const Step = { opened: 0, message: 1, resolved: 2 } as const
type Step = (typeof Step)[keyof typeof Step]

interface Timed {
  time: number
  fileOrder: number
  line: number
  step: Step
  event: ConnectorEvent
}

export const ticketIdOf = (thread: IrcThread): string => `irc-${thread.id}`

/** All threads' events in time order; ties keep file order, then line order. */
export function ircEvents(threads: readonly IrcThread[]): ConnectorEvent[] {
  const timed: Timed[] = []
  for (const thread of threads) {
    const ticketId = ticketIdOf(thread)
    const { fileOrder, lines } = thread
    const first = lines[0]!
    const last = lines.at(-1)!
    const customer = lines.find((line) => line.nick !== null)?.nick ?? null
    const role = (nick: string | null): AuthorRole =>
      nick === null ? 'system' : nick === customer ? 'customer' : 'analyst'
    const at = (time: number): string => new Date(time).toISOString()
    const ticket: Ticket = {
      id: ticketId,
      subject: '',
      status: 'new',
      assignee: lines.find((line) => line.nick !== null && line.nick !== customer)?.nick ?? null,
      team: IRC_TEAM,
      createdAt: at(first.time),
      updatedAt: at(first.time)
    }
    const add = (time: number, line: number, step: Step, event: ConnectorEvent): void => {
      timed.push({ time, fileOrder, line, step, event })
    }
    add(first.time, first.line, Step.opened, { eventId: `${ticketId}:opened`, type: 'ticket.opened', ticket })
    for (const line of lines) {
      add(line.time, line.line, Step.message, {
        eventId: `${ticketId}:line:${line.line}`,
        type: 'message.added',
        message: {
          id: `${ticketId}-L${line.line}`,
          ticketId,
          authorRole: role(line.nick),
          authorName: line.nick ?? 'system',
          text: line.text,
          time: at(line.time)
        }
      })
    }
    add(last.time, last.line, Step.resolved, {
      eventId: `${ticketId}:resolved`,
      type: 'ticket.resolved',
      ticketId,
      at: at(last.time)
    })
  }
  timed.sort((a, b) => a.time - b.time || a.fileOrder - b.fileOrder || a.line - b.line || a.step - b.step)
  return timed.map((item) => item.event)
}
