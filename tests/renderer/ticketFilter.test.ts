import { describe, expect, it } from 'vitest'
import {
  defaultSelection,
  emptyFilter,
  filterChoices,
  filterTickets,
  groupTickets,
  type TicketFilter
} from '../../src/renderer/src/workbench/tickets/ticketFilter'
import { at, makeTicket } from './fixtures'

const tickets = [
  makeTicket({ id: 'T-1', subject: 'VPN drops every hour', requester: 'Chris Ode', lastMessageAt: at(10) }),
  makeTicket({
    id: 'T-2',
    subject: 'Invoice charged twice',
    requester: 'Ana Silva',
    status: 'resolved',
    team: 'billing',
    lastMessageAt: at(30),
    suggestionCount: 2
  }),
  makeTicket({
    id: 'rt-main:3',
    subject: 'Is the API down?',
    requester: 'Lee Park',
    source: 'rt-main',
    escalation: 'high',
    suggestionCount: 1,
    lastMessageAt: at(20)
  }),
  makeTicket({ id: 'T-4', subject: 'SSO error after cert rotation', requester: null, lastMessageAt: at(5) })
]
const ids = (filter: Partial<TicketFilter>, matches?: Set<string>) =>
  filterTickets(tickets, { ...emptyFilter(), ...filter }, matches).map((t) => t.id)

describe('ticket filtering', () => {
  it('without filters lists every ticket, the most recently active first', () => {
    expect(ids({})).toEqual(['T-2', 'rt-main:3', 'T-1', 'T-4'])
  })

  it('filters by status, team and source', () => {
    expect(ids({ status: 'resolved' })).toEqual(['T-2'])
    expect(ids({ status: 'open' })).toEqual(['rt-main:3', 'T-1', 'T-4'])
    expect(ids({ team: 'billing' })).toEqual(['T-2'])
    expect(ids({ source: 'rt-main' })).toEqual(['rt-main:3'])
    expect(ids({ status: 'open', team: 'billing' })).toEqual([])
  })

  it('filters to tickets with suggestions or with an escalation alert', () => {
    expect(ids({ attention: 'suggestions' })).toEqual(['T-2', 'rt-main:3'])
    expect(ids({ attention: 'escalation' })).toEqual(['rt-main:3'])
  })

  it('searches subject, requester and id, every word, any case', () => {
    expect(ids({ query: 'vpn' })).toEqual(['T-1'])
    expect(ids({ query: 'ana' })).toEqual(['T-2'])
    expect(ids({ query: 'SILVA charged' })).toEqual(['T-2'])
    expect(ids({ query: 'rt-main' })).toEqual(['rt-main:3'])
    expect(ids({ query: 'vpn invoice' })).toEqual([])
  })

  it('a ticket whose messages matched the query (the engine said so) is listed too', () => {
    expect(ids({ query: 'lease renew' }, new Set(['T-4']))).toEqual(['T-4'])
    expect(ids({ query: 'lease renew', status: 'resolved' }, new Set(['T-4']))).toEqual([])
  })

  it('groups open apart from resolved and selects the most recently active open ticket', () => {
    const groups = groupTickets(tickets)
    expect(groups.open.map((t) => t.id)).toEqual(['rt-main:3', 'T-1', 'T-4'])
    expect(groups.resolved.map((t) => t.id)).toEqual(['T-2'])
    expect(defaultSelection(tickets)).toBe('rt-main:3')
    expect(defaultSelection([tickets[1]!])).toBe('T-2')
    expect(defaultSelection([])).toBeNull()
  })

  it('offers each value present with its count, a ticket of unknown source as "unknown"', () => {
    expect(filterChoices(tickets, 'status')).toEqual([
      { value: 'open', count: 3 },
      { value: 'resolved', count: 1 }
    ])
    expect(filterChoices(tickets, 'source')).toEqual([
      { value: 'rt-main', count: 1 },
      { value: 'unknown', count: 3 }
    ])
  })
})
