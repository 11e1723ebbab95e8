/** A demo case's conversation as the watcher would hold it, for tests of what is read from a conversation. */
import { ConversationState } from '../../src/main/engine/watcher/conversationState'
import { demoCases } from './engineHarness'

/**
 * The conversation of demo case `id` up to `upto` messages (all of them, and resolved, when omitted), plus one more
 * customer message with `extraCustomerText` when given.
 */
export function demoState(id: string, upto?: number, extraCustomerText?: string): ConversationState {
  const demo = demoCases().find((item) => item.id === id)
  if (!demo) throw new Error(`No demo case ${id}`)
  const start = Date.parse(demo.openedAt)
  const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString()
  const state = new ConversationState({
    id,
    subject: demo.subject,
    status: 'open',
    assignee: demo.assignee,
    team: demo.team,
    createdAt: at(0),
    updatedAt: at(0)
  })
  const messages = demo.messages
    .slice(0, upto)
    .map((m) => ({ role: m.role, author: m.author, minutes: m.offsetMinutes, text: m.text }))
  if (extraCustomerText) {
    const after = (messages.at(-1)?.minutes ?? 0) + 1
    messages.push({ role: 'customer', author: 'Customer', minutes: after, text: extraCustomerText })
  }
  messages.forEach((m, index) =>
    state.addMessage({
      id: `${id}-m${index}`,
      ticketId: id,
      authorRole: m.role,
      authorName: m.author,
      text: m.text,
      time: at(m.minutes)
    })
  )
  if (upto === undefined) state.resolve(at(demo.resolvedAfterMinutes))
  return state
}

/** The time of the conversation's last message plus `minutes`. */
export const minutesAfterLast = (state: ConversationState, minutes: number): Date =>
  new Date(Date.parse(state.messages.at(-1)!.time) + minutes * 60_000)
