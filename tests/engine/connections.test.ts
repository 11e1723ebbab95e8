import { describe, expect, it } from 'vitest'
import type { ConnectorDelivery } from '../../src/main/engine/connectors/connector'
import type { ConnectionConfigInput } from '../../src/main/engine/connectors/connectionConfig'
import type { LiveConnector } from '../../src/main/engine/connectors/liveConnector'
import { createEngine } from '../../src/main/engine/createEngine'
import type { SecretStore } from '../../src/main/engine/host'
import { createNodeHost } from '../../src/main/headless/nodeHost'
import type { ConnectionView, TicketSummary } from '../../src/shared/contract'
import type { ConnectorEvent } from '../../src/shared/events'
import { call, recordingLogger, resourcesDir } from '../helpers/engineHarness'
import { at } from '../helpers/knowledgeFixtures'
import { useTempDirs } from '../helpers/tempDir'

const tempDir = useTempDirs()

/** A small live system: serves its events after the cursor, then waits like a poller until stopped. */
class FakeSystem {
  readonly events: ConnectorEvent[] = []
  readonly notes: Array<{ ticketId: string; text: string; token: string | null }> = []

  constructor() {
    this.events.push(
      {
        eventId: 'rt:1',
        type: 'ticket.opened',
        ticket: {
          id: 'RT-7',
          subject: 'VPN drops',
          status: 'open',
          assignee: 'Ana',
          team: 'cloud-support',
          createdAt: at(0),
          updatedAt: at(0)
        }
      },
      {
        eventId: 'rt:2',
        type: 'message.added',
        message: {
          id: 'RT-7-1',
          ticketId: 'RT-7',
          authorRole: 'customer',
          authorName: 'Casey',
          text: 'Our users lose the VPN every hour, and several other Nimbus customers see the same.',
          time: at(1)
        }
      }
    )
  }

  connector(config: ConnectionConfigInput, secrets: SecretStore): LiveConnector {
    const { events, notes } = this
    let delivered = 0
    return {
      id: config.id,
      system: 'request-tracker',
      async *events(cursor: string | null, signal: AbortSignal): AsyncGenerator<ConnectorDelivery> {
        for (let index = cursor ? Number(cursor) : 0; index < events.length; index++) {
          delivered++
          yield { event: events[index]!, cursor: String(index + 1) }
        }
        if (!signal.aborted)
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
      async postInternalNote(ticketId, text) {
        notes.push({ ticketId, text, token: await secrets.get(`connection.${config.id}.token`) })
      },
      async testConnection() {
        return (await secrets.get(`connection.${config.id}.token`)) === 'good-token'
          ? { ok: true, message: 'Connected as Ana.' }
          : { ok: false, message: 'The token was refused (401).' }
      },
      stats: () => ({
        delivered,
        polls: 1,
        skipped: {},
        truncated: 0,
        attachments: 0,
        lastEventAt: null,
        lastPollAt: null,
        lastError: null
      }),
      dispose() {}
    }
  }
}

function build(dataDir: string, system: FakeSystem) {
  const host = createNodeHost({ dataDir, resourcesDir, logger: recordingLogger(), env: {} })
  const engine = createEngine(host, {
    source: { kind: 'none' },
    connectorFactory: (config, secrets) => system.connector(config, secrets)
  })
  return { engine, host }
}

const rtConnection = {
  system: 'request-tracker',
  id: 'rt-main',
  baseUrl: 'https://rt.example.com',
  watch: { kind: 'group', group: 'Support' }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('timed out')
}

describe('connections in the engine', () => {
  it('tests, saves (token to the secret store), runs, posts notes, restarts from its cursor and removes a connection', async () => {
    const dataDir = await tempDir()
    const system = new FakeSystem()
    const { engine, host } = build(dataDir, system)
    expect(await call(engine, 'connections.test', { config: rtConnection, token: 'bad' })).toEqual({
      ok: false,
      message: 'The token was refused (401).'
    })
    expect(
      await call(engine, 'connections.test', { config: rtConnection, token: 'good-token' })
    ).toMatchObject({ ok: true })
    const saved = await call<ConnectionView>(engine, 'connections.save', {
      config: rtConnection,
      token: 'good-token'
    })
    expect(saved).toMatchObject({ hasToken: true, config: { id: 'rt-main', pollIntervalMs: 10_000 } })
    expect(await host.secrets.get('connection.rt-main.token')).toBe('good-token')

    const tickets = await waitFor(
      () => call<TicketSummary[]>(engine, 'tickets.list'),
      (list) => list[0]?.messageCount === 1 && list[0].suggestionCount === 1
    )
    // Tickets of a connection are known by the connection's id and theirs (ticket ids differ between systems).
    expect(tickets[0]).toMatchObject({ id: 'rt-main:RT-7', messageCount: 1 })
    const [view] = await call<ConnectionView[]>(engine, 'connections.list')
    expect(view).toMatchObject({ watchedTickets: ['rt-main:RT-7'], status: { state: 'connected' } })
    expect(JSON.stringify(view)).not.toContain('good-token')

    // A suggestion goes back to the ticket's system as an internal note (read with the stored token).
    const [alert] = await call<Array<{ id: string; text: string }>>(engine, 'suggestions.list', {
      ticketId: 'rt-main:RT-7'
    })
    expect(await call(engine, 'suggestions.postNote', { suggestionId: alert!.id })).toEqual({
      posted: true,
      ticketId: 'rt-main:RT-7'
    })
    expect(system.notes).toEqual([{ ticketId: 'RT-7', text: alert!.text, token: 'good-token' }])
    system.events.push({
      eventId: 'rt:3',
      type: 'message.added',
      message: {
        id: 'RT-7-2',
        ticketId: 'RT-7',
        authorRole: 'analyst',
        authorName: 'Ana',
        text: 'Let me check.',
        time: at(2)
      }
    })
    await engine.stop()

    // Restarted: the stored connection runs again and picks up only the new event.
    const again = build(dataDir, system)
    const detail = await waitFor(
      () => call<{ messages: unknown[] }>(again.engine, 'tickets.get', { ticketId: 'rt-main:RT-7' }),
      (value) => value.messages.length === 2
    )
    expect(detail.messages).toHaveLength(2)
    await expect(again.engine.call('suggestions.postNote', { suggestionId: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
    await call(again.engine, 'connections.remove', { id: 'rt-main' })
    expect(await call(again.engine, 'connections.list')).toEqual([])
    expect(await again.host.secrets.get('connection.rt-main.token')).toBeNull()
    await again.engine.stop()
  })

  it('refuses invalid connection settings with every field named in words', async () => {
    const { engine } = build(await tempDir(), new FakeSystem())
    const result = await engine.call('connections.save', {
      config: { ...rtConnection, id: 'RT Local', baseUrl: 'ftp://nope' }
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(!result.ok && result.error.message).toBe(
      'Not a valid connection: Id must be lower-case letters, digits and dashes, starting with a letter or digit, ' +
        'e.g. rt-local; Base URL must be an http:// or https:// address without a user name or password, ' +
        'e.g. https://support.example.com.'
    )
    expect(await call(engine, 'connections.list')).toEqual([])
    await engine.stop()
  })
})
