import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import type { ConnectorEvent } from '../../src/shared/events'
import { DeliveryRecorder, memorySecrets } from './helpers/deliveryRecorder'
import { internalIds } from './helpers/internalNotes'
import { FakeServer, htmlErrorPage } from './helpers/fakeServer'
import { ZendeskFake } from './fakes/zendeskFake'
import type { ZendeskFakeOptions } from './fakes/zendeskFake'

const token = 'zd-api-token-5f2b8c1d9e'
let server: FakeServer
let waits: number[]

beforeEach(async () => {
  server = await FakeServer.start()
  waits = []
})
afterEach(() => server.close())

function connect(
  watch: object = { kind: 'group', group: '20' },
  startFrom: 'now' | 'beginning' = 'beginning'
): LiveConnector {
  return createConnector(
    {
      system: 'zendesk',
      id: 'zd',
      baseUrl: server.url,
      email: 'sam@acme.example',
      watch: watch as never,
      pollIntervalMs: 2_000,
      startFrom
    },
    memorySecrets({ 'connection.zd.token': token }),
    { defaultTeam: 'support', retry: { sleep: async (ms) => void waits.push(ms) } }
  )
}

const messages = (events: ConnectorEvent[]) =>
  events.flatMap((event) => (event.type === 'message.added' ? [event.message] : []))

async function firstPoll(options: ZendeskFakeOptions = {}) {
  const fake = new ZendeskFake(server, { searchPageSize: 1, commentPageSize: 3, ...options })
  const connector = connect()
  const recorder = new DeliveryRecorder(connector, null)
  await recorder.waitFor('the first poll', () => connector.stats().polls > 0)
  return { fake, connector, recorder }
}

describe('ZendeskConnector (recorded API payloads on a local server)', () => {
  it('delivers each comment once, in order, with the right role; HTML, huge text, attachments handled', async () => {
    const { connector, recorder } = await firstPoll()
    await recorder.stop()
    const events = recorder.events()
    expect(messages(events).map((m) => [m.id, m.authorRole])).toEqual([
      ['9000000001', 'customer'],
      ['9000000002', 'system'],
      ['9000000003', 'analyst'],
      ['9000000004', 'analyst'],
      ['9000000006', 'customer'],
      ['9000000008', 'customer'],
      ['9000000009', 'analyst']
    ])
    // Private comments (public: false) are internal: the automation's note and the agent's.
    expect(internalIds(events)).toEqual(['9000000002', '9000000004'])
    const [first, , reply, , huge] = messages(events)
    expect(first!.text).toBe(
      'My VPN drops every 5 minutes since the update to 5.2. Error 809.\n[attachment: vpn-client.log (text/plain, 47 KB)]'
    )
    expect(reply!.text).toContain('Please lower the MTU of the VPN adapter:\n\n- Open Network Connections')
    expect(reply!.text).not.toMatch(/track\(\)|font-family|<\w/)
    expect(huge!.text.length).toBeLessThan(20_200)
    expect(huge!.text).toMatch(/more characters not shown\]\n?/)
    expect(
      events.filter((e) => e.type === 'ticket.opened').map((e) => e.type === 'ticket.opened' && e.ticket)
    ).toEqual([
      expect.objectContaining({ id: '35436', assignee: 'Sam Agent', status: 'open', team: 'support' }),
      expect.objectContaining({ id: '35437', status: 'open' })
    ])
    expect(events.at(-1)).toMatchObject({
      type: 'ticket.resolved',
      ticketId: '35437',
      at: '2026-03-02T09:50:00Z'
    })
    expect(connector.stats()).toMatchObject({
      skipped: { deleted: 1, 'unknown-type': 1 },
      truncated: 1,
      attachments: 2,
      lastError: null
    })
  })

  it('waits as long as a 429 asks (Retry-After), then carries on', async () => {
    new ZendeskFake(server, { searchPageSize: 1, commentPageSize: 3 })
    let limited = false
    server.on('GET', '/api/v2/search/export', () => {
      if (limited) return undefined
      limited = true
      return { status: 429, json: { error: 'APIRateLimitExceeded' }, headers: { 'retry-after': '2' } }
    })
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('the first poll', () => connector.stats().polls > 0)
    await recorder.stop()
    expect(waits).toContain(2_000)
    expect(messages(recorder.events())).toHaveLength(7)
  })

  it('resumes from the stored cursor after a restart: the new comment once, nothing repeated', async () => {
    const { fake, recorder } = await firstPoll()
    await recorder.stop()
    fake.addComment(35436, { author_id: 9001, body: 'Lowering the MTU fixed it, thank you!' })
    const second = connect()
    const resumed = new DeliveryRecorder(second, recorder.cursor)
    await resumed.waitFor('the second poll', () => second.stats().polls > 0)
    await resumed.stop()
    expect(messages(resumed.events()).map((m) => [m.authorRole, m.text])).toEqual([
      ['customer', 'Lowering the MTU fixed it, thank you!']
    ])
    // Context (the ticket opened, a resolution from the last poll) may come again, with the same eventId.
    const before = new Set(recorder.events().map((e) => e.eventId))
    const repeated = resumed.events().filter((e) => before.has(e.eventId))
    expect(new Set(repeated.map((e) => e.type))).toEqual(new Set(['ticket.opened', 'ticket.resolved']))
  })

  it('does not lose or repeat a comment when the ticket list shifts between pages', async () => {
    const fake = new ZendeskFake(server, { searchPageSize: 1, commentPageSize: 3 })
    let shifted = false
    server.on('GET', '/api/v2/search/export', (request) => {
      // While page 2 is asked for, ticket 35436 (already on page 1) gets a comment and moves to the end of the list.
      if (request.query.get('page[after]') && !shifted) {
        shifted = true
        fake.addComment(35436, { author_id: 9001, body: 'Any news?' })
      }
      return undefined
    })
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('two polls', () => connector.stats().polls > 1, 10_000)
    await recorder.stop()
    const ids = messages(recorder.events()).map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toHaveLength(8)
  })

  it('posts an internal note as a private comment, with the e-mail/token credentials', async () => {
    new ZendeskFake(server)
    await connect().postInternalNote('35436', 'Known issue: MTU 1400 fixes error 809.')
    const [put] = server.requestsTo('PUT', /tickets\/35436\.json$/)
    expect(put!.body).toEqual({
      ticket: { comment: { body: 'Known issue: MTU 1400 fixes error 809.', public: false } }
    })
    expect(put!.headers['authorization']).toBe(
      `Basic ${Buffer.from(`sam@acme.example/token:${token}`).toString('base64')}`
    )
  })

  it('trusts the server clock, not the local one: a server two hours behind loses nothing', async () => {
    const serverNow = () => new Date(Date.now() - 2 * 3_600_000)
    const fake = new ZendeskFake(server, { now: serverNow })
    const connector = connect({ kind: 'assigned-to-me' }, 'now')
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('the first poll', () => connector.stats().polls > 0)
    fake.addComment(35436, { author_id: 9001, body: 'It happened again just now.' })
    await recorder.waitFor('the new comment', (d) => d.some((x) => x.event.type === 'message.added'), 10_000)
    await recorder.stop()
    expect(messages(recorder.events()).map((m) => m.text)).toEqual(['It happened again just now.'])
  })

  it('ends the stream with a clear error when the token expires, keeping the cursor', async () => {
    const { recorder } = await firstPoll()
    const cursor = recorder.cursor
    server.override = () => ({ status: 401, json: { error: "Couldn't authenticate you" } })
    await recorder.waitFor('the failure', () => recorder.error !== null, 10_000).catch(() => undefined)
    await recorder.stop()
    expect((recorder.error as Error).message).toMatch(/refused the token .*expired/)
    expect(recorder.cursor).toBe(cursor)
  })

  describe('testConnection', () => {
    it('names the user when all is well', async () => {
      new ZendeskFake(server)
      expect(await connect().testConnection()).toEqual({
        ok: true,
        message: expect.stringMatching(/as Sam Agent \(agent\)/)
      })
    })

    it.each([
      [
        'an unauthenticated request (Zendesk answers the anonymous user)',
        (fake: ZendeskFake) => ({ status: 200, json: fake.data.anonymousMe }),
        'bad-token',
        /did not accept the credentials/
      ],
      [
        'a rejected token',
        (fake: ZendeskFake) => ({ status: 401, json: fake.data.unauthorized }),
        'bad-token',
        /refused the token/
      ],
      [
        'an end user token',
        (fake: ZendeskFake) => ({ json: { user: fake.data.users.find((u) => u.role === 'end-user') } }),
        'forbidden',
        /an end user/
      ],
      [
        'a login page instead of the API',
        () => ({ status: 200, body: '<!DOCTYPE html><html><body>Sign in</body></html>' }),
        'html-page',
        /HTML page .* instead of JSON/
      ],
      [
        'a proxy error page',
        () => htmlErrorPage(503, 'Service Unavailable'),
        'server-error',
        /HTTP 503 .* HTML error page/
      ]
    ])('says what is wrong with %s', async (_, reply, problem, message) => {
      const fake = new ZendeskFake(server)
      server.on('GET', '/api/v2/users/me.json', () => reply(fake))
      const result = await createConnector(
        {
          system: 'zendesk',
          id: 'zd',
          baseUrl: server.url,
          email: 'sam@acme.example',
          watch: { kind: 'assigned-to-me' }
        },
        memorySecrets({ 'connection.zd.token': token }),
        { defaultTeam: 'support', retry: { maxRetries: 0 } }
      ).testConnection()
      expect(result).toMatchObject({ ok: false, problem, message: expect.stringMatching(message) })
      expect(result.message).not.toContain(token)
    })
  })
})
