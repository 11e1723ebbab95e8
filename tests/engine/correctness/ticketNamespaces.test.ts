/**
 * Item 6b: ticket and message ids are namespaced by connection. Zendesk #42 and Freshdesk #42 are two
 * conversations in the watcher, the event log (after a restart), learning, and internal notes go to the system
 * each came from under its own id; the demo's ids stay as they are.
 */
import { describe, expect, it } from 'vitest'
import type { ConnectorDelivery } from '../../../src/main/engine/connectors/connector'
import type { ConnectionConfigInput } from '../../../src/main/engine/connectors/connectionConfig'
import type { LiveConnector } from '../../../src/main/engine/connectors/liveConnector'
import { createEngine } from '../../../src/main/engine/createEngine'
import { scopedId } from '../../../src/main/engine/connections/ticketScope'
import { ConnectedTickets } from '../../../src/main/engine/connections/connectedTickets'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import type { KnowledgeEntry } from '../../../src/shared/domain'
import type { TicketSummary } from '../../../src/shared/contract'
import type { ConnectorEvent } from '../../../src/shared/events'
import { call, recordingLogger, resourcesDir } from '../../helpers/engineHarness'
import { at } from '../../helpers/knowledgeFixtures'
import { useTempDirs } from '../../helpers/tempDir'

const tempDir = useTempDirs()

/** One ticket #42 in a system, with a problem, a fix and a resolution; its notes are recorded. */
function system(name: string, problem: string, fix: string) {
  const notes: Array<{ ticketId: string; text: string }> = []
  const ticket = {
    id: '42',
    subject: `${name} ticket`,
    status: 'open' as const,
    assignee: 'Ana',
    team: 'cloud-support',
    createdAt: at(0),
    updatedAt: at(0)
  }
  const message = (id: string, role: 'customer' | 'analyst', text: string, minute: number) => ({
    id,
    ticketId: '42',
    authorRole: role,
    authorName: role === 'customer' ? 'Casey' : 'Ana',
    text,
    time: at(minute)
  })
  const events: ConnectorEvent[] = [
    { eventId: `${name}:1`, type: 'ticket.opened', ticket },
    { eventId: `${name}:2`, type: 'message.added', message: message('1', 'customer', problem, 1) },
    { eventId: `${name}:3`, type: 'message.added', message: message('2', 'analyst', fix, 3) },
    { eventId: `${name}:4`, type: 'ticket.resolved', ticketId: '42', at: at(5) }
  ]
  const connector = (config: ConnectionConfigInput): LiveConnector => ({
    id: config.id,
    system: 'request-tracker',
    async *events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
      for (let index = cursor ? Number(cursor) : 0; index < events.length; index++)
        yield { event: events[index]!, cursor: String(index + 1) }
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    async postInternalNote(ticketId, text) {
      notes.push({ ticketId, text })
    },
    testConnection: async () => ({ ok: true, message: 'ok' }),
    stats: () => ({
      delivered: 0,
      polls: 1,
      skipped: {},
      truncated: 0,
      attachments: 0,
      lastEventAt: null,
      lastPollAt: null,
      lastError: null
    }),
    dispose() {}
  })
  return { notes, connector }
}

const connection = (id: string) => ({
  system: 'request-tracker',
  id,
  baseUrl: 'https://rt.example.com',
  watch: { kind: 'group', group: 'Support' }
})

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('timed out')
}

describe('ids namespaced by connection', () => {
  it('keeps Zendesk #42 and Freshdesk #42 apart: conversations, learning, restart and internal notes', async () => {
    const dataDir = await tempDir()
    const zendesk = system(
      'zendesk',
      'Our VPN client drops the tunnel every hour with error 809.',
      'Open UDP port 4500 on the office firewall and restart the VPN gateway.'
    )
    const freshdesk = system(
      'freshdesk',
      'Printing to the office printer fails, the queue shows paused.',
      'Clear the print queue and restart the spooler service on the print server.'
    )
    const build = () => {
      const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
      return createEngine(host, {
        source: { kind: 'none' },
        connectorFactory: (config) => (config.id === 'zd' ? zendesk : freshdesk).connector(config)
      })
    }
    const engine = build()
    await call(engine, 'connections.save', { config: connection('zd'), token: 't' })
    await call(engine, 'connections.save', { config: connection('fd'), token: 't' })
    const tickets = await waitFor(
      () => call<TicketSummary[]>(engine, 'tickets.list'),
      (list) => list.length === 2 && list.every((ticket) => ticket.status === 'resolved')
    )
    expect(tickets.map((ticket) => ticket.id).sort()).toEqual(['fd:42', 'zd:42'])
    const zd = await call<{ messages: Array<{ id: string; text: string }> }>(engine, 'tickets.get', {
      ticketId: 'zd:42'
    })
    expect(zd.messages.map((message) => message.id)).toEqual(['zd:1', 'zd:2'])
    expect(zd.messages[0]!.text).toContain('VPN')

    // Each resolution taught its own entry, from its own ticket.
    const entries = await waitFor(
      () => call<KnowledgeEntry[]>(engine, 'knowledge.list', { team: 'cloud-support' }),
      (list) => list.length === 2
    )
    expect(entries.map((entry) => entry.sourceTicketIds).sort()).toEqual([['fd:42'], ['zd:42']])

    // Notes go back to the system the ticket came from, under that system's id.
    await engine.stop()
    const again = build()
    await waitFor(
      () => call<TicketSummary[]>(again, 'tickets.list'),
      (list) => list.length === 2
    )
    const detail = await call<{ messages: Array<{ text: string }> }>(again, 'tickets.get', {
      ticketId: 'fd:42'
    })
    expect(detail.messages.map((message) => message.text)).toEqual([
      'Printing to the office printer fails, the queue shows paused.',
      'Clear the print queue and restart the spooler service on the print server.'
    ])
    const card = await call<{ id: string }>(again, 'assist.summarize', { ticketId: 'fd:42' })
    await call(again, 'suggestions.postNote', { suggestionId: card.id })
    expect(freshdesk.notes).toHaveLength(1)
    expect(freshdesk.notes[0]!.ticketId).toBe('42')
    expect(zendesk.notes).toEqual([])
    await again.stop()
  })

  it('keeps scoped ids within the schema bound, distinct for distinct long ids', async () => {
    expect(scopedId('zd', '42')).toBe('zd:42')
    const long = scopedId('zendesk-main', 'x'.repeat(250))
    expect(long.length).toBeLessThanOrEqual(200)
    expect(long).not.toBe(scopedId('zendesk-main', `${'x'.repeat(249)}y`))
  })
})

describe('ConnectedTickets', () => {
  const opened = (id: string): ConnectorEvent => ({
    eventId: `e-${id}`,
    type: 'ticket.opened',
    ticket: {
      id,
      subject: 's',
      status: 'open',
      assignee: null,
      team: 'cloud-support',
      createdAt: at(0),
      updatedAt: at(0)
    }
  })
  const added = (ticketId: string): ConnectorEvent => ({
    eventId: `m-${ticketId}`,
    type: 'message.added',
    message: {
      id: 'm1',
      ticketId,
      authorRole: 'customer',
      authorName: 'Casey',
      text: 'hello',
      time: at(1)
    }
  })

  it('reads scoped ids back from the log with the id each system knows, and keeps recorded sources unprefixed', () => {
    const tickets = new ConnectedTickets('eval')
    expect(tickets.scope('eval', opened('NIM-1010'))).toMatchObject({ ticket: { id: 'NIM-1010' } })
    expect(tickets.scope('demo', opened('NIM-1011'))).toMatchObject({ ticket: { id: 'NIM-1011' } })
    const logged = tickets.scope('zd', added('42'))
    expect(logged).toMatchObject({ message: { id: 'zd:m1', ticketId: 'zd:42' } })

    // The next start, under no source at all: the log's ids are taken as they are, the note goes to #42 in zd.
    const restarted = new ConnectedTickets()
    restarted.restore('zd', logged)
    restarted.restore('eval', opened('NIM-1010'))
    expect(restarted.source('zd:42')).toEqual({ connectorId: 'zd', ticketId: '42' })
    expect(restarted.source('NIM-1010')).toEqual({ connectorId: 'eval', ticketId: 'NIM-1010' })
    expect(restarted.of('zd')).toEqual(['zd:42'])
  })

  it('continues a conversation logged before ids were scoped under its old id, and only for its own system', () => {
    const tickets = new ConnectedTickets()
    tickets.restore('zd', opened('7')) // an event log from before scoping: the connection's raw id
    expect(tickets.scope('zd', added('7'))).toMatchObject({ message: { ticketId: '7', id: 'm1' } })
    expect(tickets.scope('fd', added('7'))).toMatchObject({ message: { ticketId: 'fd:7', id: 'fd:m1' } })
    expect(tickets.scope('zd', added('8'))).toMatchObject({ message: { ticketId: 'zd:8' } })
  })
})
