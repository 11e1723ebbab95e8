import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import type { ConnectorEvent } from '../../src/shared/events'
import { DeliveryRecorder, memorySecrets } from './helpers/deliveryRecorder'
import { internalIds } from './helpers/internalNotes'
import { FakeServer } from './helpers/fakeServer'
import { ChatwootFake } from './fakes/chatwootFake'

const token = 'cw-access-token-7Gh2'
let server: FakeServer
const connectors: LiveConnector[] = []

beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(async () => {
  for (const connector of connectors.splice(0)) connector.dispose()
  await server.close()
})

function connect(options: { watch?: object; live?: boolean; pollIntervalMs?: number } = {}): LiveConnector {
  const connector = createConnector(
    {
      system: 'chatwoot',
      id: 'cw',
      baseUrl: server.url,
      accountId: 3,
      watch: (options.watch ?? { kind: 'assigned-to-me' }) as never,
      startFrom: 'beginning',
      live: options.live ?? false,
      pollIntervalMs: options.pollIntervalMs ?? 2_000
    },
    memorySecrets({ 'connection.cw.token': token }),
    { defaultTeam: 'payments', retry: { maxRetries: 0 } }
  )
  connectors.push(connector)
  return connector
}

const said = (events: ConnectorEvent[]) =>
  events.flatMap((event) =>
    event.type === 'message.added' ? [[event.message.id, event.message.authorRole, event.message.text]] : []
  )

describe('ChatwootConnector (recorded API payloads on a local server)', () => {
  it('maps contacts, agents, agent bots, activity and private notes; pages back through older messages', async () => {
    new ChatwootFake(server, 3)
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('a poll', () => connector.stats().polls > 0)
    await recorder.stop()
    expect(said(recorder.events())).toEqual([
      ['501', 'customer', 'Hi, my card payment failed with code 51.'],
      ['502', 'system', 'Conversation was assigned to Jo Agent'],
      ['503', 'bot', "I'm connecting you to an agent."],
      [
        '504',
        'analyst',
        'Code 51 means the bank declined for insufficient funds. Please try another card or contact your bank.'
      ],
      ['505', 'analyst', 'Stripe log shows decline_code insufficient_funds.'],
      ['507', 'customer', '[attachment: card-error.png (image, 51 KB)]'],
      [
        '510',
        'customer',
        'Hello,\nthe CSV export of my orders stops at 10 000 rows.\nOn Mon, Acme wrote:\n\nThanks for contacting us'
      ],
      [
        '511',
        'analyst',
        'Exports above 10 000 rows are e-mailed to you as a file; check your inbox in a few minutes.'
      ]
    ])
    expect(internalIds(recorder.events()), 'a private message is internal').toEqual(['505'])
    const opened = recorder.events().filter((e) => e.type === 'ticket.opened')
    expect(
      opened.map((e) => e.type === 'ticket.opened' && [e.ticket.id, e.ticket.subject, e.ticket.assignee])
    ).toEqual([
      ['12', 'Conversation with Lee Contact', 'Jo Agent'],
      ['13', 'CSV export stops at 10 000 rows', 'Jo Agent']
    ])
    expect(recorder.events().at(-1)).toMatchObject({
      type: 'ticket.resolved',
      ticketId: '13',
      at: '2026-03-02T09:40:00.000Z'
    })
    expect(connector.stats().skipped).toEqual({ deleted: 1, 'unknown-type': 1 })
  })

  it('watches a team, and an explicit list where a deleted conversation is skipped, not fatal', async () => {
    new ChatwootFake(server)
    const team = connect({ watch: { kind: 'group', group: '7' } })
    const byTeam = new DeliveryRecorder(team, null)
    await byTeam.waitFor('a poll', () => team.stats().polls > 0)
    await byTeam.stop()
    expect(new Set(said(byTeam.events()).map((m) => m[0]))).toEqual(new Set(['510', '511', '520']))
    const listed = connect({ watch: { kind: 'tickets', ids: ['14', '999'] } })
    const byId = new DeliveryRecorder(listed, null)
    await byId.waitFor('a poll', () => listed.stats().polls > 0)
    await byId.stop()
    expect(said(byId.events()).map((m) => m[0])).toEqual(['520'])
    expect(listed.stats().skipped).toEqual({ deleted: 1 })
  })

  it('hears new messages through ActionCable within a second, although it polls once a minute', async () => {
    const fake = new ChatwootFake(server)
    const connector = connect({ live: true, pollIntervalMs: 60_000 })
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor(
      'the first poll and the subscription',
      () => connector.stats().polls > 0 && connector.stats().push === 'connected'
    )
    const added = fake.addMessage(12, { content: 'Another card worked, thanks!' })
    const sent = performance.now()
    fake.broadcast('conversation.typing_on', { conversation: { id: 12 } })
    fake.broadcast('sparkle.unknown', {})
    fake.broadcast('message.created', added)
    await recorder.waitFor(
      'the pushed message',
      (d) => said(d.map((x) => x.event)).some((m) => m[2] === 'Another card worked, thanks!'),
      1_000
    )
    expect(performance.now() - sent).toBeLessThan(1_000)
    await recorder.stop()
    expect(connector.stats().skipped['unknown-push-event']).toBe(1)
  })

  it('posts an internal note as a private message with the access token header', async () => {
    new ChatwootFake(server)
    await connect().postInternalNote('12', 'Known: code 51 is a bank decline.')
    const [post] = server.requestsTo('POST', /messages$/)
    expect(post!.body).toEqual({
      content: 'Known: code 51 is a bank decline.',
      message_type: 'outgoing',
      private: true
    })
    expect(post!.headers['api_access_token']).toBe(token)
  })

  it('says what is wrong: a refused token, a wrong account', async () => {
    const fake = new ChatwootFake(server)
    expect(await connect().testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/account 3\) as Jo Agent/)
    })
    server.on('GET', '/api/v1/accounts/3/conversations', () => ({ status: 404, json: fake.data.notFound }))
    expect(await connect().testConnection()).toMatchObject({
      ok: false,
      problem: 'not-found',
      message: expect.stringMatching(/Check the account id \(3\)/)
    })
    server.on('GET', '/api/v1/profile', () => ({ status: 401, json: fake.data.unauthorized }))
    expect(await connect().testConnection()).toMatchObject({ ok: false, problem: 'bad-token' })
  })
})
