import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import type { ConnectorEvent } from '../../src/shared/events'
import { DeliveryRecorder, memorySecrets } from './helpers/deliveryRecorder'
import { internalIds } from './helpers/internalNotes'
import { FakeServer } from './helpers/fakeServer'
import { ZammadFake } from './fakes/zammadFake'

const token = 'zm-token-Qw3rTy7788'
let server: FakeServer

beforeEach(async () => {
  server = await FakeServer.start()
})
afterEach(() => server.close())

const connect = (watch: object = { kind: 'group', group: 'Support L1' }): LiveConnector =>
  createConnector(
    {
      system: 'zammad',
      id: 'zm',
      baseUrl: server.url,
      watch: watch as never,
      startFrom: 'beginning',
      pollIntervalMs: 2_000
    },
    memorySecrets({ 'connection.zm.token': token }),
    { defaultTeam: 'it', retry: { maxRetries: 0 } }
  )

const said = (events: ConnectorEvent[]) =>
  events.flatMap((event) =>
    event.type === 'message.added' ? [[event.message.id, event.message.authorRole, event.message.text]] : []
  )

describe('ZammadConnector (recorded API payloads on a local server)', () => {
  it("delivers articles in order with roles from their sender; internal notes are the analyst's", async () => {
    const fake = new ZammadFake(server)
    // 120 quiet tickets more than one page of search results (100).
    for (let id = 1; id <= 120; id++)
      fake.data.tickets.push({
        ...fake.data.tickets[0]!,
        id: 1000 + id,
        updated_at: '2026-03-02T08:00:00.000Z'
      })
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('a poll', () => connector.stats().polls > 0)
    await recorder.stop()
    expect(said(recorder.events())).toEqual([
      [
        '701',
        'customer',
        'Hi,\n\nsince the driver update to 4.1 the printer shows offline.\n\nLee\n\n-- sent from my phone\n[attachment: printer-panel.jpg (image/jpeg, 82 KB)]'
      ],
      ['702', 'system', 'Your request (#31051) has been received and will be reviewed by our support staff.'],
      [
        '703',
        'analyst',
        'Hello Lee,\nplease roll the driver back:\n\n- Open Device Manager\n- Printer > Properties > Driver > Roll Back Driver\n\nKim'
      ],
      ['704', 'analyst', 'Driver 4.1 breaks the SNMP status check; vendor ticket VND-88.'],
      ['706', 'customer', 'Rolled back, still offline.'],
      ['710', 'customer', 'Every scan comes out as a blank page.'],
      [
        '711',
        'analyst',
        'Remove the protective film from the scanner glass, then run a calibration from the printer menu.'
      ]
    ])
    expect(internalIds(recorder.events()), 'an internal article is internal').toEqual(['704'])
    expect(recorder.events().at(-1)).toMatchObject({ type: 'ticket.resolved', ticketId: '52' })
    expect(connector.stats().skipped).toEqual({ 'unknown-type': 1 })
    expect(server.requestsTo('GET', /tickets\/search$/).map((r) => r.query.get('page'))).toEqual(['1', '2'])
  })

  it('loses nothing when the search index lags for one ticket while another moves on', async () => {
    const fake = new ZammadFake(server)
    const connector = connect()
    const recorder = new DeliveryRecorder(connector, null)
    await recorder.waitFor('a poll', () => connector.stats().polls > 0)
    fake.hidden.add(51)
    fake.addArticle(51, { body: 'Now it prints again!' })
    fake.addArticle(52, { body: 'Calibration worked, thanks.' })
    await recorder.waitFor(
      'the unlagged article',
      (d) => said(d.map((x) => x.event)).some((m) => m[2] === 'Calibration worked, thanks.'),
      10_000
    )
    fake.hidden.delete(51)
    await recorder.waitFor(
      'the lagging article',
      (d) => said(d.map((x) => x.event)).some((m) => m[2] === 'Now it prints again!'),
      10_000
    )
    await recorder.stop()
    const texts = said(recorder.events()).map((m) => m[2])
    expect(new Set(texts).size).toBe(texts.length)
  })

  it('posts an internal note article with the token header', async () => {
    new ZammadFake(server)
    await connect().postInternalNote('51', 'Known issue VND-88: roll back to driver 4.0.')
    const [post] = server.requestsTo('POST', /ticket_articles$/)
    expect(post!.body).toEqual({
      ticket_id: 51,
      body: 'Known issue VND-88: roll back to driver 4.0.',
      content_type: 'text/plain',
      type: 'note',
      internal: true,
      sender: 'Agent'
    })
    expect(post!.headers['authorization']).toBe(`Token token=${token}`)
  })

  it('says what is wrong: a refused token, a user without agent rights', async () => {
    const fake = new ZammadFake(server)
    expect(await connect().testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/as Kim Agent/)
    })
    server.on('GET', '/api/v1/tickets/search', () => ({ status: 403, json: fake.data.forbidden }))
    expect(await connect().testConnection()).toMatchObject({
      ok: false,
      problem: 'forbidden',
      message: expect.stringMatching(/ticket\.agent permission/)
    })
    server.on('GET', '/api/v1/users/me', () => ({ status: 401, json: fake.data.unauthorized }))
    expect(await connect().testConnection()).toMatchObject({
      ok: false,
      problem: 'bad-token',
      message: expect.stringMatching(/authentication failed/)
    })
  })
})
