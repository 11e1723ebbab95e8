/** Loads and validates a file of recorded cases (the demo format), naming the case and field of any error. */
import { readFile } from 'node:fs/promises'
import { ErrorCode, VigilError } from '../../../shared/errors'
import type { Ticket } from '../../../shared/domain'
import type { ConnectorEvent } from '../../../shared/events'
import { DemoSet, type DemoCase } from './demoCase'

const MINUTE = 60_000

export async function loadDemoSet(file: string): Promise<DemoSet> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new VigilError(ErrorCode.demoInvalid, `${file}: cannot be read (${(error as Error).message})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new VigilError(ErrorCode.demoInvalid, `${file}: invalid JSON (${(error as Error).message})`)
  }
  const parsed = DemoSet.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = describePath(json, issue.path)
    throw new VigilError(ErrorCode.demoInvalid, `${file}: ${where}: ${issue.message}`)
  }
  for (const demoCase of parsed.data.cases) {
    let previous = 0
    for (const [index, message] of demoCase.messages.entries()) {
      if (message.offsetMinutes < previous) {
        throw new VigilError(
          ErrorCode.demoInvalid,
          `${file}: case ${demoCase.id} messages[${index}].offsetMinutes goes back in time`
        )
      }
      previous = message.offsetMinutes
    }
    if (demoCase.resolvedAfterMinutes < previous) {
      throw new VigilError(
        ErrorCode.demoInvalid,
        `${file}: case ${demoCase.id} resolvedAfterMinutes is before its last message`
      )
    }
  }
  return parsed.data
}

/** "case NIM-1003 (cases[2]) messages[4].text" rather than a bare index path. */
function describePath(json: unknown, path: readonly PropertyKey[]): string {
  const text = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')
  if (path[0] === 'cases' && typeof path[1] === 'number') {
    const cases = (json as { cases?: Array<{ id?: unknown }> }).cases
    const id = cases?.[path[1]]?.id
    if (typeof id === 'string') return `case ${id} (${text.slice(1)})`
  }
  return text.slice(1) || 'file'
}

/** The events a set of recorded cases produces: each ticket opens, its messages arrive, it resolves. */
export function demoCaseEvents(cases: readonly DemoCase[]): ConnectorEvent[] {
  const events: Array<{ time: number; order: number; event: ConnectorEvent }> = []
  let order = 0
  for (const demoCase of cases) {
    const opened = Date.parse(demoCase.openedAt)
    const at = (minutes: number): string => new Date(opened + minutes * MINUTE).toISOString()
    const ticket: Ticket = {
      id: demoCase.id,
      subject: demoCase.subject,
      status: 'open',
      assignee: demoCase.assignee,
      team: demoCase.team,
      createdAt: at(0),
      updatedAt: at(0)
    }
    const push = (time: number, event: ConnectorEvent): void => {
      events.push({ time, order: order++, event })
    }
    push(opened, { eventId: `${demoCase.id}:opened`, type: 'ticket.opened', ticket })
    demoCase.messages.forEach((message, index) => {
      push(opened + message.offsetMinutes * MINUTE, {
        eventId: `${demoCase.id}:message:${index + 1}`,
        type: 'message.added',
        message: {
          id: `${demoCase.id}-m${index + 1}`,
          ticketId: demoCase.id,
          authorRole: message.role,
          authorName: message.author,
          text: message.text,
          time: at(message.offsetMinutes)
        }
      })
    })
    push(opened + demoCase.resolvedAfterMinutes * MINUTE, {
      eventId: `${demoCase.id}:resolved`,
      type: 'ticket.resolved',
      ticketId: demoCase.id,
      at: at(demoCase.resolvedAfterMinutes)
    })
  }
  return events.sort((a, b) => a.time - b.time || a.order - b.order).map((entry) => entry.event)
}
