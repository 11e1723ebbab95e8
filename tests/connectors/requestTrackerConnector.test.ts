import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import type { ConnectorEvent } from '../../src/shared/events'
import { DeliveryRecorder, memorySecrets } from './helpers/deliveryRecorder'
import { internalIds } from './helpers/internalNotes'
import { FakeServer } from './helpers/fakeServer'
import { RequestTrackerFake } from './fakes/requestTrackerFake'
import type { RtTxn } from './fakes/requestTrackerFake'

const token = '1-31-0123456789abcdef0123456789abcdef'
let server: FakeServer
let rt: RequestTrackerFake

beforeEach(async () => {
  server = await FakeServer.start()
  rt = new RequestTrackerFake(server)
  const ticket = {
    Subject: 'VPN drops',
    Status: 'open',
    Owner: 'Nobody',
    Queue: 3,
    Requestor: ['lee'],
    Cc: ['ana'],
    Created: '2026-03-02T09:00:00Z',
    LastUpdated: '2026-03-02T09:30:00Z'
  }
  rt.tickets.set(7, { id: 7, ...ticket })
  rt.tickets.set(8, { id: 8, ...ticket, Subject: 'Printer', Owner: 'alex', Requestor: ['bo'], Cc: [] })
})
afterEach(() => server.close())

const at = (minute: number) => `2026-03-02T09:${String(minute).padStart(2, '0')}:00Z`
const txn = (id: number, Type: string, Creator: string, extra: Partial<RtTxn> = {}): RtTxn => ({
  id,
  ticket: 7,
  Type,
  Creator,
  Created: at(id % 60),
  ...extra
})
const text = (id: number, Content: string, ContentType = 'text/plain') => [{ id, ContentType, Content }]

function connect(watch: object = { kind: 'group', group: 'Support' }): LiveConnector {
  return createConnector(
    {
      system: 'request-tracker',
      id: 'rt',
      baseUrl: `${server.url}`,
      watch: watch as never,
      startFrom: 'beginning',
      pollIntervalMs: 2_000
    },
    memorySecrets({ 'connection.rt.token': token }),
    { defaultTeam: 'it', retry: { maxRetries: 0 } }
  )
}

async function poll(connector: LiveConnector, cursor: string | null = null) {
  const recorder = new DeliveryRecorder(connector, cursor)
  await recorder.waitFor('a poll', () => connector.stats().polls > 0)
  await recorder.stop()
  return recorder
}

const summary = (events: ConnectorEvent[]) =>
  events.map((e) =>
    e.type === 'message.added'
      ? `${e.message.id} ${e.message.authorRole}: ${e.message.text}`
      : e.type === 'ticket.resolved'
        ? `resolved ${e.ticketId}`
        : `${e.type} ${e.ticket.id} ${e.ticket.status}`
  )

describe('RequestTrackerConnector (REST2 shapes on a local server)', () => {
  it('maps requestors, Ccs, staff, comments and RT_System; notes attachments without downloading them', async () => {
    rt.transactions.push(
      txn(10, 'Create', 'lee', {
        parts: [
          { id: 1, ContentType: 'multipart/mixed' },
          ...text(2, 'My VPN drops.'),
          { id: 3, ContentType: 'application/octet-stream', Filename: 'vpn.log', Content: 'binary' }
        ]
      }),
      txn(11, 'Correspond', 'RT_System', { parts: text(4, 'We received your request.') }),
      txn(12, 'Correspond', 'alex', { parts: text(5, '<p>Lower the <b>MTU</b> to 1400.</p>', 'text/html') }),
      txn(13, 'Comment', 'alex', { parts: text(6, 'Internal: firewall fragments IKE.') }),
      txn(14, 'AddLink', 'alex'),
      txn(15, 'Correspond', 'ana', { parts: text(7, 'Same problem here.') }),
      txn(16, 'Correspond', '', { parts: text(8, 'no creator') }),
      txn(17, 'Status', 'alex', { Field: 'Status', OldValue: 'open', NewValue: 'stalled' }),
      txn(18, 'Status', 'alex', { Field: 'Status', OldValue: 'stalled', NewValue: 'resolved' })
    )
    const connector = connect()
    const events = (await poll(connector)).events()
    expect(summary(events)).toEqual([
      'ticket.opened 7 open',
      '10 customer: My VPN drops.\n[attachment: vpn.log (application/octet-stream, 6 B)]',
      '11 system: We received your request.',
      '12 analyst: Lower the MTU to 1400.',
      '13 analyst: Internal: firewall fragments IKE.',
      '15 customer: Same problem here.',
      'ticket.updated 7 pending',
      'resolved 7'
    ])
    expect(internalIds(events), 'a comment is internal, a correspondence is not').toEqual(['13'])
    expect(server.requestsTo('GET', /\/attachment\/3$/)).toHaveLength(0)
    expect(connector.stats()).toMatchObject({ skipped: { 'unknown-type': 1, malformed: 1 }, attachments: 1 })
    expect(server.requests.every((r) => r.headers['authorization'] === `token ${token}`)).toBe(true)
  })

  it('reads every page by id, even when RT drops records the token may not see after paging', async () => {
    for (let id = 100; id < 220; id++)
      rt.transactions.push(
        txn(id, 'Correspond', 'lee', { parts: text(id * 10, `message ${id}`), invisible: id === 150 })
      )
    const events = (await poll(connect())).events()
    const ids = events.flatMap((e) => (e.type === 'message.added' ? [Number(e.message.id)] : []))
    expect(ids).toEqual([...Array(120).keys()].map((i) => 100 + i).filter((id) => id !== 150))
  })

  it('resumes after the stored cursor without repeating a message', async () => {
    for (let id = 10; id < 16; id++)
      rt.transactions.push(txn(id, 'Correspond', id % 2 ? 'alex' : 'lee', { parts: text(id * 10, `m${id}`) }))
    const all = (await poll(connect())).deliveries
    const resumed = (await poll(connect(), all[3]!.cursor)).events()
    expect(summary(resumed)).toEqual([
      'ticket.opened 7 open',
      '13 analyst: m13',
      '14 customer: m14',
      '15 analyst: m15'
    ])
  })

  it('brings the earlier messages of a ticket newly assigned to me, as context', async () => {
    rt.transactions.push(
      {
        id: 30,
        ticket: 8,
        Type: 'Create',
        Creator: 'bo',
        Created: at(30),
        parts: text(300, 'Printer offline.')
      },
      {
        id: 31,
        ticket: 8,
        Type: 'Correspond',
        Creator: 'max',
        Created: at(31),
        parts: text(310, 'Which model?')
      },
      {
        id: 32,
        ticket: 8,
        Type: 'Set',
        Field: 'Owner',
        OldValue: '6',
        NewValue: '31',
        Creator: 'max',
        Created: at(32)
      }
    )
    const connector = connect({ kind: 'assigned-to-me' })
    const recorder = new DeliveryRecorder(connector, `request-tracker/1:${JSON.stringify({ after: 31 })}`)
    await recorder.waitFor('a poll', () => connector.stats().polls > 0)
    await recorder.stop()
    expect(summary(recorder.events())).toEqual([
      'ticket.opened 8 open',
      '30 customer: Printer offline.',
      '31 analyst: Which model?',
      'ticket.updated 8 open'
    ])
    expect(recorder.deliveries.map((d) => d.cursor)).toEqual([
      ...Array(3).fill('request-tracker/1:{"after":31}'),
      'request-tracker/1:{"after":32}'
    ])
  })

  it('posts a comment (never sent to requestors) and tests the connection by name', async () => {
    const connector = connect()
    await connector.postInternalNote('7', 'Known issue: MTU 1400.')
    const [post] = server.requestsTo('POST', /ticket\/7\/comment$/)
    expect(post!.body).toEqual({ Content: 'Known issue: MTU 1400.', ContentType: 'text/plain' })
    server.on('GET', '/REST/2.0/user/31', () => ({ json: { id: 31, Name: 'alex' } }))
    expect(await connector.testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/Request Tracker 5\.0\.3 .* as alex; watching the queue "Support"/)
    })
    expect(await connect({ kind: 'group', group: 'Nope' }).testConnection()).toMatchObject({
      ok: false,
      problem: 'not-found',
      message: 'Request Tracker has no queue "Nope". Check its name or number in the connection settings.'
    })
    await expect(connector.postInternalNote('#7', 'x')).rejects.toThrow(/not a Request Tracker ticket number/)
  })

  it('names a wrong base URL in the connection test', async () => {
    const wrong = createConnector(
      { system: 'request-tracker', id: 'rt', baseUrl: `${server.url}/rt`, watch: { kind: 'assigned-to-me' } },
      memorySecrets({ 'connection.rt.token': token }),
      { defaultTeam: 'it' }
    )
    expect(await wrong.testConnection()).toMatchObject({
      ok: false,
      problem: 'bad-url',
      message: expect.stringMatching(/No Request Tracker REST2 API at .*\/rt\/REST\/2\.0/)
    })
  })
})
