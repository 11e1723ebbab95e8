import { describe, expect, it } from 'vitest'
import type { Feedback, Suggestion, SuggestionKind } from '../../../src/shared/domain'
import type { ConnectorEvent } from '../../../src/shared/events'
import { teamStats } from '../../../src/main/engine/stats/teamStats'
import type { StatsSources } from '../../../src/main/engine/stats/teamStats'
import { factsFromEntries } from '../../../src/main/engine/knowledge/knowledgeFacts'
import { at, entry, ticket } from '../../helpers/knowledgeFixtures'

function card(
  id: string,
  ticketId: string,
  kind: SuggestionKind,
  entryId: string,
  minutes: number,
  feedback: Partial<Feedback>[] = []
): Suggestion {
  return {
    id,
    ticketId,
    team: 'cloud-support',
    kind,
    title: 't',
    text: 't',
    citations: [{ entryId, title: 'Entry', sourceTicketIds: [], score: 0.5 }],
    confidence: 0.5,
    reason: 'r',
    triggerMessageId: null,
    createdAt: at(minutes),
    feedback: feedback.map((item) => ({ suggestionId: id, kind: 'adopted', at: at(minutes + 1), ...item }))
  }
}

function customerMessage(
  ticketId: string,
  minutes: number,
  text = 'The export fails with 504, how do I fix it?'
): ConnectorEvent {
  return {
    eventId: `${ticketId}-${minutes}`,
    type: 'message.added',
    message: {
      id: `${ticketId}-${minutes}`,
      ticketId,
      authorRole: 'customer',
      authorName: 'C',
      text,
      time: at(minutes)
    }
  }
}

const opened = (id: string): ConnectorEvent => ({
  eventId: `open-${id}`,
  type: 'ticket.opened',
  ticket: ticket(id)
})

function sources(): StatsSources {
  return {
    teams: ['cloud-support'],
    events: [
      opened('T-1'),
      customerMessage('T-1', 0),
      opened('T-2'),
      customerMessage('T-2', 10),
      {
        eventId: 'a',
        type: 'message.added',
        message: {
          id: 'a',
          ticketId: 'T-2',
          authorRole: 'analyst',
          authorName: 'A',
          text: 'Looking.',
          time: at(11)
        }
      }
    ],
    suggestions: [
      // Adopted by a click, then liked: one of each (each kind once per card); its outcome stays adopted.
      card('S-1', 'T-1', 'answer', 'kb-export', 2, [{ kind: 'adopted', via: 'button' }, { kind: 'liked' }]),
      card('S-2', 'T-2', 'answer', 'kb-export', 12, [{ kind: 'edited', via: 'sent', reuse: 0.6 }]),
      card('S-3', 'T-2', 'similar_case', 'kb-saml', 13, [{ kind: 'dismissed' }]),
      card('S-4', 'T-2', 'escalation', 'kb-saml', 14),
      { ...card('S-5', 'T-9', 'answer', 'kb-export', 20), team: 'billing' }
    ],
    knowledge: () =>
      factsFromEntries([
        entry({
          id: 'kb-export',
          title: 'Export times out',
          provenance: [
            { kind: 'learned', at: at(-100) },
            { kind: 'confirmed', at: at(30), ticketId: 'T-1' },
            { kind: 'confirmed', at: at(31), ticketId: 'T-2' }
          ]
        }),
        entry({
          id: 'kb-saml',
          title: 'SAML',
          provenance: [
            { kind: 'learned', at: at(-50) },
            { kind: 'refuted', at: at(32), ticketId: 'T-2' }
          ]
        }),
        entry({ id: 'kb-old', status: 'retired', provenance: [{ kind: 'retired', at: at(40) }] }),
        // A risky draft waiting for review is not in use: it is counted apart.
        entry({ id: 'kb-risky', status: 'draft', review: 'pending', provenance: [] })
      ]),
    gaps: []
  }
}

describe('team statistics from the engine records', () => {
  const report = teamStats(sources(), { team: 'cloud-support', from: new Date(0), to: new Date(at(100)) })

  it('counts suggestions by kind for the team only, and each kind of reaction once per card, sent replies apart', () => {
    expect(report.suggestions.total).toBe(4)
    expect(report.suggestions.byKind).toMatchObject({ answer: 2, similar_case: 1, escalation: 1 })
    expect(report.reactions).toMatchObject({
      adopted: 1,
      edited: 1,
      liked: 1,
      dismissed: 1,
      sent: { edited: 1, adopted: 0 }
    })
    expect(report.outcomes).toEqual({ sendable: 3, adopted: 1, edited: 1, dismissed: 1 })
    expect(report.rates).toEqual({ adoption: 0.333, edit: 0.333, dismiss: 0.333 })
  })

  it('scores precision by kind from what the resolutions confirmed or refuted', () => {
    expect(report.precisionByKind).toEqual({
      answer: { confirmed: 2, refuted: 0, precision: 1 },
      similar_case: { confirmed: 0, refuted: 1, precision: 0 }
    })
  })

  it('times the first useful card from the customer’s first message, and counts knowledge growth', () => {
    expect(report.timeToUsefulCard).toEqual({ tickets: 2, medianSeconds: 120, p90Seconds: 120 })
    expect(report.knowledge).toMatchObject({ entries: 2, drafts: 1, learned: 2, retired: 1, merged: 0 })
    expect(report.topEntries[0]).toMatchObject({
      entryId: 'kb-export',
      shown: 2,
      adopted: 1,
      edited: 1,
      acceptance: 1
    })
    expect(report.modelCallsAvoided).toEqual({ messages: 3, woken: 2, avoided: 1 })
    expect(report.timeSaved.minutes).toBe(4.5)
  })

  it('leaves internal notes out of the wake-gate figure: the team talking to itself is no message to answer', () => {
    const withNote = sources()
    withNote.events.push({
      eventId: 'note',
      type: 'message.added',
      message: {
        id: 'note',
        ticketId: 'T-2',
        authorRole: 'analyst',
        authorName: 'A',
        text: 'Internal: asked the platform team about the 504s.',
        time: at(15),
        internal: true
      }
    })
    const noted = teamStats(withNote, { team: 'cloud-support', from: new Date(0), to: new Date(at(100)) })
    expect(noted.modelCallsAvoided).toEqual({ messages: 3, woken: 2, avoided: 1 })
  })

  it('lists top entries over the whole range it covers, not a fixed 30 days', () => {
    const longer = sources()
    const day = 24 * 60
    longer.suggestions.push(card('S-old', 'T-1', 'answer', 'kb-old-cited', -60 * day, [{ kind: 'liked' }]))
    const everything = teamStats(longer, { team: 'cloud-support', from: new Date(0), to: new Date(at(100)) })
    expect(everything.topEntries.map((row) => row.entryId)).toContain('kb-old-cited')
    const recent = teamStats(longer, {
      team: 'cloud-support',
      from: new Date(at(-30 * day)),
      to: new Date(at(100))
    })
    expect(recent.topEntries.map((row) => row.entryId)).not.toContain('kb-old-cited')
  })

  it('keeps to the date range', () => {
    const early = teamStats(sources(), { team: 'cloud-support', from: new Date(0), to: new Date(at(5)) })
    expect(early.suggestions.total).toBe(1)
    expect(early.modelCallsAvoided.messages).toBe(1)
  })
})

describe('precision at resolution, honestly', () => {
  it('counts a corrected entry, or a case learned as an entry of its own, as not confirmed', () => {
    const base = sources()
    const report = teamStats(
      {
        ...base,
        suggestions: [
          card('S-7', 'T-7', 'similar_case', 'kb-saml', 5),
          card('S-8', 'T-8', 'similar_case', 'kb-saml', 6),
          card('S-9', 'T-9', 'similar_case', 'kb-saml', 7)
        ],
        knowledge: () =>
          factsFromEntries([
            entry({
              id: 'kb-saml',
              provenance: [{ kind: 'corrected', at: at(30), ticketId: 'T-7' }],
              sourceTicketIds: ['OLD-1', 'T-7']
            }),
            entry({
              id: 'kb-own',
              sourceTicketIds: ['T-8'],
              provenance: [{ kind: 'learned', at: at(31), ticketId: 'T-8' }]
            })
          ])
      },
      { team: 'cloud-support', from: new Date(0), to: new Date(8.64e15) }
    )
    expect(report.precisionByKind).toEqual({ similar_case: { confirmed: 0, refuted: 2, precision: 0 } })
    // Only the cards in the range count (here all three cite kb-saml first).
    expect(report.topEntries.map((row) => row.entryId)).toEqual(['kb-saml'])
  })
})
