import { describe, expect, it } from 'vitest'
import { ConnectionConfig, tokenSecretKey } from '../../src/main/engine/connectors/connectionConfig'
import { createConnector } from '../../src/main/engine/connectors/createConnector'
import { decodeCursor, encodeCursor } from '../../src/main/engine/connectors/cursorCodec'
import { ConnectorError } from '../../src/main/engine/connectors/http/connectorError'
import { WindowState } from '../../src/main/engine/connectors/polling/timeWindowSource'
import { memorySecrets } from './helpers/deliveryRecorder'

describe('ConnectionConfig', () => {
  it('fills defaults and trims the base URL; the token is not part of it', () => {
    const config = ConnectionConfig.parse({
      system: 'zendesk',
      id: 'acme-zendesk',
      baseUrl: 'https://acme.zendesk.com/',
      watch: { kind: 'assigned-to-me' },
      email: 'agent@acme.com'
    })
    expect(config).toMatchObject({
      baseUrl: 'https://acme.zendesk.com',
      pollIntervalMs: 10_000,
      startFrom: 'now',
      botAuthors: []
    })
    expect(Object.keys(config)).not.toContain('token')
    expect(tokenSecretKey(config.id)).toBe('connection.acme-zendesk.token')
  })

  it.each([
    [{ baseUrl: 'ftp://rt.example.com' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pass@rt.example.com' }, 'baseUrl'],
    [{ id: 'Has Spaces' }, 'id'],
    [{ pollIntervalMs: 100 }, 'pollIntervalMs'],
    [{ watch: { kind: 'tickets', ids: [] } }, 'watch'],
    [{ watch: { kind: 'queue' } }, 'watch']
  ])('rejects %j, naming the field', (change, field) => {
    const input = {
      system: 'request-tracker',
      id: 'rt',
      baseUrl: 'https://rt.example.com/rt',
      watch: { kind: 'group', group: 'Support' },
      ...change
    }
    const result = ConnectionConfig.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path[0]).toBe(field)
  })

  it('needs an account id for Chatwoot', () => {
    expect(() =>
      createConnector(
        {
          system: 'chatwoot',
          id: 'cw',
          baseUrl: 'https://chat.example.com',
          watch: { kind: 'assigned-to-me' }
        } as never,
        memorySecrets(),
        { defaultTeam: 't' }
      )
    ).toThrow(
      'Connection "cw" cannot be used: Account id must be the account number: the digits after /accounts/ in the address. Fix it in Connections.'
    )
  })

  it('names each bad field of a stored connection in plain words, not the schema wording', () => {
    let message = ''
    try {
      createConnector(
        {
          system: 'zendesk',
          id: 'acme',
          name: 'Acme Zendesk',
          baseUrl: 'acme.zendesk.com',
          watch: { kind: 'tickets', ids: ['x1'] }
        } as never,
        memorySecrets(),
        { defaultTeam: 't' }
      )
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe(
      'Connection "Acme Zendesk" cannot be used: Base URL must be an http:// or https:// address without a user ' +
        'name or password, e.g. https://support.example.com; Ticket ids "x1" is not a ticket number (digits only). ' +
        'Fix it in Connections.'
    )
    expect(message).not.toMatch(/Invalid|expected|baseUrl|watch\./)
    expect(() =>
      createConnector(
        {
          system: 'zendesk',
          id: 'acme',
          baseUrl: 'https://a.example',
          watch: { kind: 'everything' }
        } as never,
        memorySecrets(),
        { defaultTeam: 't' }
      )
    ).toThrow(
      'Connection "acme" cannot be used: What to watch must be one of: tickets assigned to me, a queue or group, or listed ticket numbers. Fix it in Connections.'
    )
  })

  it('builds the connector of each system', () => {
    const base = { id: 'c1', baseUrl: 'https://x.example.com', watch: { kind: 'assigned-to-me' as const } }
    const systems = ['request-tracker', 'zendesk', 'zammad', 'freshdesk'] as const
    for (const system of systems)
      expect(createConnector({ ...base, system }, memorySecrets(), { defaultTeam: 't' }).system).toBe(system)
    expect(
      createConnector({ ...base, system: 'chatwoot', accountId: 3 }, memorySecrets(), { defaultTeam: 't' })
        .system
    ).toBe('chatwoot')
  })
})

describe('cursor encoding', () => {
  const state = {
    since: '2026-03-02T09:15:00.000Z',
    floor: 41,
    recent: { '7': [52, 1_772_442_900_000] },
    notBefore: '2026-03-02T09:00:00.000Z'
  }

  it('round-trips a state', () => {
    const cursor = encodeCursor('zendesk', state)
    expect(cursor.startsWith('zendesk/1:')).toBe(true)
    expect(decodeCursor('zendesk', cursor, WindowState)).toEqual(state)
  })

  it.each([
    ['freshdesk/1:{}', /belongs to a freshdesk connection/],
    ['3:17', /not a connector cursor/],
    ['zendesk/1:{"since":', /not valid JSON/],
    ['zendesk/1:{"since":"yesterday","floor":1,"recent":{},"notBefore":"x"}', /unusable/]
  ])('refuses %s with a clear error instead of starting over', (cursor, message) => {
    let error: unknown
    try {
      decodeCursor('zendesk', cursor, WindowState)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConnectorError)
    expect((error as ConnectorError).problem).toBe('bad-cursor')
    expect((error as Error).message).toMatch(message)
  })
})
