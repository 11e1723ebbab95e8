import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import type { ConnectorEvent } from '../../src/shared/events'
import { DeliveryRecorder, memorySecrets } from './helpers/deliveryRecorder'
import { internalIds } from './helpers/internalNotes'
import { FakeServer, htmlErrorPage } from './helpers/fakeServer'
import { FreshdeskFake } from './fakes/freshdeskFake'

const apiKey = 'fd-key-Zx81kLmN0pQr'
let server: FakeServer
let waits: number[]

beforeEach(async () => {
  server = await FakeServer.start()
  waits = []
})
afterEach(() => server.close())

const connect = (watch: object = { kind: 'group', group: '5001' }) =>
  createConnector(
    {
      system: 'freshdesk',
      id: 'fd',
      baseUrl: server.url,
      watch: watch as never,
      startFrom: 'beginning',
      pollIntervalMs: 2_000
    },
    memorySecrets({ 'connection.fd.token': apiKey }),
    { defaultTeam: 'accounts', retry: { sleep: async (ms) => void waits.push(ms), maxRetries: 1 } }
  )

async function poll(watch?: object, cursor: string | null = null) {
  const connector = connect(watch)
  const recorder = new DeliveryRecorder(connector, cursor)
  await recorder.waitFor('a poll', () => connector.stats().polls > 0)
  await recorder.stop()
  return { connector, recorder, events: recorder.events() }
}

const summary = (events: ConnectorEvent[]) =>
  events.map((event) =>
    event.type === 'message.added'
      ? `${event.message.id} ${event.message.authorRole}`
      : `${event.type} ${event.type === 'ticket.resolved' ? event.ticketId : 'ticket' in event ? event.ticket.id : ''}`
  )

describe('FreshdeskConnector (recorded API payloads on a local server)', () => {
  it('delivers the description and each conversation in order, with roles; only the watched group', async () => {
    new FreshdeskFake(server, 2)
    const { connector, events } = await poll()
    expect(summary(events)).toEqual([
      'ticket.opened 1001',
      '1001-description customer',
      '30001 customer',
      '30002 analyst',
      '30003 analyst',
      '30004 customer',
      'ticket.opened 1002',
      '1002-description customer',
      '30006 analyst',
      'ticket.resolved 1002'
    ])
    expect(internalIds(events), 'a private note is internal').toEqual(['30003'])
    const text = (id: string) =>
      events.flatMap((e) => (e.type === 'message.added' && e.message.id === id ? [e.message.text] : []))[0]
    expect(text('1001-description')).toBe(
      'Hello,\n\nafter resetting my password the login page says "Invalid session".\n\nLee'
    )
    expect(text('30002')).toContain(
      'Please sign out on all devices from Account > Security, then sign in again.'
    )
    expect(text('30004')).toBe('[attachment: error.png (image/png, 178 KB)]')
    expect(connector.stats().skipped).toEqual({ empty: 1 })
  })

  it("watches the tickets assigned to the token's agent", async () => {
    new FreshdeskFake(server)
    const { events } = await poll({ kind: 'assigned-to-me' })
    expect(
      new Set(events.map((e) => (e.type === 'message.added' ? e.message.ticketId : null)).filter(Boolean))
    ).toEqual(new Set(['1001', '1002']))
  })

  it('honours a 429 with Retry-After', async () => {
    new FreshdeskFake(server)
    let limited = false
    server.on('GET', '/api/v2/tickets', () =>
      limited
        ? undefined
        : ((limited = true),
          { status: 429, json: { code: 'rate_limit_exceeded' }, headers: { 'retry-after': '30' } })
    )
    const { events } = await poll()
    expect(waits).toEqual([30_000])
    expect(events.filter((e) => e.type === 'message.added')).toHaveLength(7)
  })

  it('rides out a proxy answering with HTML error pages: the error is shown, then polling resumes', async () => {
    new FreshdeskFake(server)
    let outage = 2
    server.override = () => (outage-- > 0 ? htmlErrorPage(502, 'Bad Gateway') : undefined)
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('the error', () => connector.stats().lastError !== null)
    expect(connector.stats().lastError).toMatchObject({
      problem: 'server-error',
      message: expect.stringMatching(/HTML error page instead of JSON/)
    })
    await recorder.waitFor('the recovery', () => connector.stats().polls > 0, 10_000)
    await recorder.stop()
    expect(recorder.events().filter((e) => e.type === 'message.added')).toHaveLength(7)
    expect(connector.stats().lastError).toBeNull()
  })

  it('resumes after a restart with only what is new', async () => {
    const fake = new FreshdeskFake(server)
    const first = await poll()
    fake.addConversation(1001, {
      body: '<div>Signing out everywhere worked.</div>',
      incoming: true,
      user_id: 77001
    })
    const second = await poll(undefined, first.recorder.cursor)
    expect(
      second.events
        .filter((e) => e.type === 'message.added')
        .map((e) => e.type === 'message.added' && [e.message.authorRole, e.message.text])
    ).toEqual([['customer', 'Signing out everywhere worked.']])
  })

  it('posts an internal note as a private note, escaped, with the API key as Basic user', async () => {
    new FreshdeskFake(server)
    await connect().postInternalNote('1001', 'Known bug SEC-112 <sessions>\nsign out everywhere')
    const [post] = server.requestsTo('POST', /notes$/)
    expect(post!.body).toEqual({
      body: 'Known bug SEC-112 &lt;sessions&gt;<br>sign out everywhere',
      private: true
    })
    expect(post!.headers['authorization']).toBe(`Basic ${Buffer.from(`${apiKey}:X`).toString('base64')}`)
  })

  it('tells exactly what is wrong in the connection test', async () => {
    const fake = new FreshdeskFake(server)
    expect(await connect().testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/as Kim Agent; watching the group "Account Support"/)
    })
    expect(await connect({ kind: 'group', group: '999' }).testConnection()).toMatchObject({
      ok: false,
      problem: 'not-found',
      message: expect.stringMatching(/no group with id 999/)
    })
    server.on('GET', '/api/v2/agents/me', () => ({ status: 401, json: fake.data.unauthorized }))
    const refused = await connect().testConnection()
    expect(refused).toMatchObject({
      ok: false,
      problem: 'bad-token',
      message: expect.stringMatching(/You have to be logged in/)
    })
    expect(refused.message).not.toContain(apiKey)
  })
})
