import { describe, expect, it } from 'vitest'
import type { Message, Suggestion } from '../../../src/shared/domain'
import { SentReplies } from '../../../src/main/engine/feedback/sentReplies'
import type { SuggestionBook } from '../../../src/main/engine/suggestions/suggestionBook'
import { ConversationState } from '../../../src/main/engine/watcher/conversationState'

const reply = 'Re-upload the IdP metadata in Admin > Security > SSO, then sign in again.'

function card(id: string, ticketId: string, sourceTicketIds: string[]): Suggestion {
  return {
    id,
    ticketId,
    team: 'cloud-support',
    kind: 'answer',
    title: 'SSO signature fails after certificate rotation',
    text: reply,
    citations: [{ entryId: 'kb-1', title: 'SSO', sourceTicketIds, score: 0.8 }],
    confidence: 0.8,
    reason: 'matches the error code',
    triggerMessageId: null,
    createdAt: '2026-04-01T10:00:00.000Z',
    feedback: []
  }
}

/** A book that records every sent-reuse it is told of. */
function recordingBook(state: ConversationState) {
  const recorded: Array<{ id: string; kind: string }> = []
  const book = {
    recordSent: async (id: string, kind: string) => {
      recorded.push({ id, kind })
      const suggestion = state.suggestions.find((s) => s.id === id)!
      suggestion.feedback.push({ kind, via: 'sent', at: '2026-04-01T10:05:00.000Z' } as never)
      return suggestion
    }
  } as unknown as SuggestionBook
  return { book, recorded }
}

function analystReply(ticketId: string): Message {
  const time = '2026-04-01T10:05:00.000Z'
  return { id: `${ticketId}:m2`, ticketId, authorRole: 'analyst', authorName: 'Priya', text: reply, time }
}

function ticketState(ticketId: string): ConversationState {
  const time = '2026-04-01T09:00:00.000Z'
  return new ConversationState({
    id: ticketId,
    subject: 'SSO fails',
    status: 'open',
    assignee: null,
    team: 'cloud-support',
    createdAt: time,
    updatedAt: time
  })
}

describe('sent replies on a replayed case', () => {
  it('does not count a replayed reply as adopting a card learned from that same recorded reply', async () => {
    const state = ticketState('NIM-1010-r2')
    state.suggestions.push(card('NIM-1010-r2:s1', 'NIM-1010-r2', ['NIM-1010']))
    const { book, recorded } = recordingBook(state)
    const replies = new SentReplies(book)
    expect(await replies.afterAnalystMessage(state, analystReply('NIM-1010-r2'))).toEqual([])
    // Nor is it "ignored" at resolution: the recording says nothing about the card either way.
    expect(await replies.atResolution(state, new Date('2026-04-01T11:00:00.000Z'))).toEqual([])
    expect(recorded).toEqual([])
  })

  it('still counts a reply that reuses a card learned from other cases', async () => {
    const state = ticketState('NIM-1010-r2')
    state.suggestions.push(card('NIM-1010-r2:s1', 'NIM-1010-r2', ['NIM-1001', 'NIM-1019-r2']))
    const { book, recorded } = recordingBook(state)
    const replies = new SentReplies(book)
    const reuse = await replies.afterAnalystMessage(state, analystReply('NIM-1010-r2'))
    expect(reuse.map((r) => r.kind)).toEqual(['adopted'])
    expect(recorded).toEqual([{ id: 'NIM-1010-r2:s1', kind: 'adopted' }])
  })
})
