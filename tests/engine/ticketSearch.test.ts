import { describe, expect, it } from 'vitest'
import { searchTickets } from '../../src/main/engine/api/ticketSearch'
import { demoState } from '../helpers/demoConversation'

describe('searching tickets by what their messages say', () => {
  const states = ['NIM-1001', 'NIM-1009', 'NIM-1012', 'NIM-1029'].map((id) => demoState(id))

  it('finds the tickets with a message containing every word, case-insensitive, with an excerpt', () => {
    const found = searchTickets(states, 'bypass LINK')
    expect(found.map((hit) => hit.ticketId)).toEqual(['NIM-1001'])
    expect(found[0]!.excerpt.toLowerCase()).toContain('bypass link')
    expect(found[0]!.excerpt.length).toBeLessThanOrEqual(92)
  })

  it('starts an excerpt cut out of a long message at a whole word', () => {
    const state = demoState(
      'NIM-1012',
      1,
      `Hello ${'longword'.repeat(10)} the needle is here, and more text follows it.`
    )
    const [hit] = searchTickets([state], 'needle')
    expect(hit!.excerpt).toMatch(/^…the needle is here/)
  })

  it('needs all words in one message, and finds nothing for words no message holds', () => {
    expect(searchTickets(states, 'bypass signature webhook')).toEqual([])
    expect(searchTickets(states, 'zebra')).toEqual([])
    expect(searchTickets(states, '   ')).toEqual([])
  })

  it('lists several matches, the most recently active first', () => {
    const found = searchTickets(states, 'certificate').map((hit) => hit.ticketId)
    expect(found).toEqual(expect.arrayContaining(['NIM-1001', 'NIM-1029']))
    const updated = (id: string) => states.find((s) => s.ticket.id === id)!.ticket.updatedAt
    const times = found.map(updated)
    expect([...times].sort().reverse()).toEqual(times)
  })
})
