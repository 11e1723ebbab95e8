/**
 * Vigil's Request Tracker connector against a real RT 5 (Debian packages, SQLite) on 127.0.0.1: a customer writes,
 * an analyst answers, the connector restarts mid-case from its stored cursor, an adopted suggestion is posted as an
 * internal note the customer cannot see, the ticket is resolved, and the resolved case is one Vigil can learn from.
 * Needs root (it installs packages and runs RT as www-data); elsewhere it skips, saying so.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/engine/createEngine'
import { createNodeHost } from '../../../src/main/headless/nodeHost'
import { createConnector } from '../../../src/main/engine/connectors/createConnector'
import type { ConnectorDelivery } from '../../../src/main/engine/connectors/connector'
import type { LiveConnector } from '../../../src/main/engine/connectors/liveConnector'
import { extractCase } from '../../../src/main/engine/learning/extractor'
import { Watcher } from '../../../src/main/engine/watcher/watcher'
import { DeliveryRecorder, memorySecrets } from '../../connectors/helpers/deliveryRecorder'
import { startRequestTracker } from './requestTrackerServer'
import type { RunningRequestTracker } from './requestTrackerServer'

const isRoot = process.getuid?.() === 0
if (!isRoot)
  console.warn('Skipping the live Request Tracker test: it must run as root to install and start RT.')

describe.skipIf(!isRoot)('Request Tracker 5, live on loopback', () => {
  let rt: RunningRequestTracker | undefined
  const started = performance.now()

  beforeAll(async () => {
    rt = await startRequestTracker()
    const { setupSeconds, startSeconds } = rt.timings
    console.log(
      `RT setup (install if absent, configure, seed): ${setupSeconds.toFixed(1)} s; server start: ${startSeconds.toFixed(1)} s`
    )
  }, 11 * 60_000)

  afterAll(async () => {
    await rt?.stop()
    console.log(`RT integration total: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  })

  it('follows a real case: roles in order, a restart without loss or repeats, an invisible note, the resolution', async () => {
    const { baseUrl, seed } = rt!
    const as = (token: string) => restClient(`${baseUrl}/REST/2.0`, token)
    const customer = as(seed.customer.token)
    const analyst = as(seed.analyst.token)
    const secrets = memorySecrets({ 'connection.rt-live.token': seed.analyst.token })
    const connect = (): LiveConnector =>
      createConnector(
        {
          system: 'request-tracker',
          id: 'rt-live',
          baseUrl,
          watch: { kind: 'group', group: seed.queue.name },
          pollIntervalMs: 2_000
        },
        secrets,
        { defaultTeam: 'it-support' }
      )
    const caseStarted = performance.now()

    const first = connect()
    expect(await first.testConnection()).toMatchObject({ ok: true })
    const run1 = new DeliveryRecorder(first, null)
    await waitForPoll(first)

    const created = await customer.send('POST', '/ticket', {
      Queue: seed.queue.name,
      Subject: 'VPN disconnects every few minutes',
      Requestor: 'customer@example.com',
      Content: '<p>Since this morning my <b>VPN</b> drops every 5 minutes with error 809.</p>',
      ContentType: 'text/html'
    })
    const ticketId = String((created.json as { id: string | number }).id)
    const messages = (deliveries: ConnectorDelivery[]) =>
      deliveries.filter((d) => d.event.type === 'message.added')
    await run1.waitFor('the customer message', (d) => messages(d).length >= 1)
    await analyst.send('POST', `/ticket/${ticketId}/correspond`, {
      Content:
        'Lower the MTU of the VPN adapter to 1400 in the client settings. Reconnect after changing it.',
      ContentType: 'text/plain'
    })
    await run1.waitFor('the analyst answer', (d) => messages(d).length >= 2)
    await run1.stop()
    const stored = run1.cursor

    // While Vigil is down, the conversation goes on.
    await customer.send('POST', `/ticket/${ticketId}/correspond`, {
      Content: 'Still dropping after the change. Log attached.',
      ContentType: 'text/plain',
      Attachments: [
        {
          FileName: 'vpn.log',
          FileType: 'text/plain',
          FileContent: Buffer.from('x'.repeat(2048)).toString('base64')
        }
      ]
    })
    await analyst.send('POST', `/ticket/${ticketId}/correspond`, {
      Content: 'Disable IPv6 on the VPN adapter as well, then restart the VPN client service.',
      ContentType: 'text/plain'
    })

    const second = connect()
    const run2 = new DeliveryRecorder(second, stored)
    await run2.waitFor('the two messages written while stopped', (d) => messages(d).length >= 2)
    const adopted = 'Known issue: MTU and IPv6 on the VPN adapter; fixed for this customer.'
    await second.postInternalNote(ticketId, adopted)
    await run2.waitFor('the internal note', (d) => messages(d).length >= 3)
    await analyst.send('PUT', `/ticket/${ticketId}`, { Status: 'resolved' })
    await run2.waitFor('the resolution', (d) => d.some((x) => x.event.type === 'ticket.resolved'))
    await run2.stop()
    console.log(
      `RT live case (6 steps, 2 connector runs): ${((performance.now() - caseStarted) / 1000).toFixed(1)} s`
    )

    const all = [...run1.deliveries, ...run2.deliveries].map((d) => d.event)
    const said = all.flatMap((event) =>
      event.type === 'message.added' ? [[event.message.authorRole, event.message.text]] : []
    )
    expect(said).toEqual([
      ['customer', expect.stringMatching(/^Since this morning my VPN drops every 5 minutes/)],
      ['analyst', expect.stringMatching(/^Lower the MTU/)],
      ['customer', expect.stringMatching(/^Still dropping after the change/)],
      ['analyst', expect.stringMatching(/^Disable IPv6/)],
      ['analyst', adopted]
    ])
    const messageIds = all.flatMap((event) => (event.type === 'message.added' ? [event.eventId] : []))
    expect(new Set(messageIds).size).toBe(messageIds.length)
    expect(
      all.find((e) => e.type === 'message.added' && e.message.text.includes('Still dropping'))
    ).toMatchObject({
      message: { text: expect.stringContaining('[attachment: vpn.log (text/plain, 2 KB)]') }
    })
    // Context re-sent after the restart carries the same eventId, which the engine drops.
    const opened = all.filter((event) => event.type === 'ticket.opened').map((event) => event.eventId)
    expect(new Set(opened)).toEqual(new Set([`rt-live:rt:ticket:${ticketId}`]))
    expect(all.at(-1)).toMatchObject({ type: 'ticket.resolved', ticketId })

    // The note is an RT comment: the customer's view of the ticket does not contain it.
    const note = all.find((e) => e.type === 'message.added' && e.message.text === adopted)!
    const noteId = note.type === 'message.added' ? note.message.id : ''
    expect((await analyst.send('GET', `/transaction/${noteId}`)).json).toMatchObject({ Type: 'Comment' })
    expect((await customer.send('GET', `/transaction/${noteId}`, undefined, false)).status).toBe(403)
    const customerHistory = await customer.send('GET', `/ticket/${ticketId}/history?per_page=100`)
    const visible = (customerHistory.json as { items: Array<{ id: string }> }).items.map((item) =>
      String(item.id)
    )
    expect(visible).not.toContain(noteId)

    // What the engine would do: drop re-delivered events, apply the rest; the resolved case is learnable.
    const watcher = new Watcher()
    const seen = new Set<string>()
    for (const event of all) if (!seen.has(event.eventId) && seen.add(event.eventId)) watcher.apply(event)
    const state = watcher.get(ticketId)!
    expect(state.isResolved).toBe(true)
    expect(extractCase(state)).toMatchObject({
      ticketId,
      team: 'it-support',
      resolution: expect.arrayContaining([expect.stringMatching(/MTU/)])
    })
    expect(second.stats()).toMatchObject({ lastError: null, attachments: 1 })
  }, 180_000)

  it('runs through the real engine: a connection saved over the contract, the case in the workbench, a note posted back', async () => {
    const { baseUrl, seed } = rt!
    const customer = restClient(`${baseUrl}/REST/2.0`, seed.customer.token)
    const analyst = restClient(`${baseUrl}/REST/2.0`, seed.analyst.token)
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-rt-engine-'))
    const host = createNodeHost({
      dataDir,
      resourcesDir: join(import.meta.dirname, '..', '..', '..', 'resources'),
      env: {}
    })
    const engine = createEngine(host, { source: { kind: 'none' } })
    const call = async <T>(route: string, input: unknown): Promise<T> => {
      const result = await engine.call(route, input)
      if (!result.ok) throw new Error(`${route}: ${result.error.message}`)
      return result.value as T
    }
    try {
      const config = {
        system: 'request-tracker',
        id: 'rt-engine',
        baseUrl,
        watch: { kind: 'group', group: seed.queue.name },
        pollIntervalMs: 2_000
      }
      expect(await call('connections.test', { config, token: 'not-a-token' })).toMatchObject({ ok: false })
      expect(await call('connections.test', { config, token: seed.analyst.token })).toMatchObject({
        ok: true
      })
      await call('connections.save', { config, token: seed.analyst.token })
      const created = await customer.send('POST', '/ticket', {
        Queue: seed.queue.name,
        Subject: 'Whole team locked out',
        Requestor: 'customer@example.com',
        Content:
          'Nobody can log in to the portal since 9am, and several other Nimbus customers see the same.',
        ContentType: 'text/plain'
      })
      const ticketId = String((created.json as { id: string | number }).id)
      // In the engine a connection's tickets are named by the connection too (RT #6 is "rt-engine:6").
      const engineTicketId = `${config.id}:${ticketId}`
      const detail = await until(async () => {
        const found = await engine.call('tickets.get', { ticketId: engineTicketId })
        return found.ok && (found.value as { suggestions: unknown[] }).suggestions.length > 0
          ? found.value
          : null
      })
      const { messages, suggestions } = detail as {
        messages: Array<{ authorRole: string; text: string }>
        suggestions: Array<{ id: string; kind: string }>
      }
      expect(messages[0]).toMatchObject({ authorRole: 'customer' })
      // The "many customers" alert goes back to RT as an internal comment.
      const alert = suggestions.find((suggestion) => suggestion.kind === 'escalation')!
      expect(await call('suggestions.postNote', { suggestionId: alert.id })).toEqual({
        posted: true,
        ticketId: engineTicketId
      })
      const history = await analyst.send('GET', `/ticket/${ticketId}/history?fields=Type&per_page=100`)
      const types = ((history.json as { items: Array<{ Type: string }> }).items ?? []).map(
        (item) => item.Type
      )
      expect(types).toContain('Comment')
      const [connection] = await call<Array<{ watchedTickets: string[]; status: { state: string } }>>(
        'connections.list',
        {}
      )
      expect(connection!.watchedTickets).toContain(engineTicketId)
      expect(connection!.status.state).toBe('connected')
    } finally {
      await engine.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

async function until<T>(read: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error('timed out waiting for the engine')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function waitForPoll(connector: LiveConnector): Promise<void> {
  const deadline = Date.now() + 30_000
  while (connector.stats().polls === 0) {
    if (Date.now() > deadline)
      throw new Error(`the connector never completed a poll: ${JSON.stringify(connector.stats())}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function restClient(base: string, token: string) {
  return {
    async send(method: string, path: string, body?: unknown, mustSucceed = true) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      if (mustSucceed && !response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`)
      return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null }
    }
  }
}
