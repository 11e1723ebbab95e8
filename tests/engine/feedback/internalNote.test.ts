/**
 * "Post as internal note" puts the card's text on the ticket for the team, not for the customer: the note is neither
 * a sent reply that adopts the card nor something the analyst tried with the customer.
 */
import { describe, expect, it } from 'vitest'
import type { Message, Suggestion } from '../../../src/shared/domain'
import { caseTracker } from '../../../src/main/engine/assist/caseTracker'
import { NoteEchoes } from '../../../src/main/engine/connectors/noteEchoes'
import { SentReplies } from '../../../src/main/engine/feedback/sentReplies'
import type { SuggestionBook } from '../../../src/main/engine/suggestions/suggestionBook'
import { demoState, minutesAfterLast } from '../../helpers/demoConversation'

const text = 'Go to Data > Exports, choose CSV and split the export by month, then download each part.'

function card(ticketId: string, createdAt: string): Suggestion {
  return {
    id: `${ticketId}:s1`,
    ticketId,
    team: 'cloud-support',
    kind: 'answer',
    title: 'Large exports time out',
    text,
    citations: [{ entryId: 'kb-export', title: 'Exports', sourceTicketIds: ['OTHER-1'], score: 0.8 }],
    confidence: 0.8,
    reason: 'matches the symptom',
    triggerMessageId: null,
    createdAt,
    feedback: []
  }
}

/** The note as the demo hands it back to the conversation (the way a ticketing system shows it). */
function postedNote(ticketId: string, after: string): Message {
  const echoes = new NoteEchoes()
  echoes.add(ticketId, text, after)
  const [event] = echoes.take()
  if (event?.type !== 'message.added') throw new Error('no note')
  return event.message
}

describe('an internal note with a card’s text', () => {
  it('is not read as a reply sent to the customer: nothing adopted', async () => {
    const state = demoState('NIM-1001', 2)
    const shown = card('NIM-1001', state.messages.at(-1)!.time)
    state.suggestions.push(shown)
    const recorded: string[] = []
    const book = {
      recordSent: async (id: string, kind: string) => {
        recorded.push(`${id} ${kind}`)
        return shown
      }
    } as unknown as SuggestionBook
    const replies = new SentReplies(book)
    const note = postedNote('NIM-1001', state.messages.at(-1)!.time)
    expect(note).toMatchObject({ authorRole: 'analyst', internal: true, text })
    state.addMessage(note)
    expect(await replies.afterAnalystMessage(state, note)).toEqual([])
    expect(recorded).toEqual([])

    // The same words sent to the customer do adopt it.
    const sent: Message = { ...note, id: 'reply', authorName: 'Priya', internal: undefined }
    state.addMessage(sent)
    expect(await replies.afterAnalystMessage(state, sent)).toHaveLength(1)
    expect(recorded).toEqual(['NIM-1001:s1 adopted'])
  })

  it('is not listed as tried with the customer, and leaves the customer’s question pending', () => {
    const state = demoState('NIM-1001', 2)
    state.addMessage(postedNote('NIM-1001', state.messages.at(-1)!.time))
    const tracker = caseTracker(state, { now: minutesAfterLast(state, 2), stalledAfterMinutes: 15 })
    expect(tracker.tried.map((line) => line.text).join('\n')).not.toContain('Data > Exports')
    expect(tracker.pending[0]?.by).toBe('customer')
  })
})
