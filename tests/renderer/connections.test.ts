import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WorkbenchApp from '../../src/renderer/src/workbench/WorkbenchApp.vue'
import type { ConnectionView } from '../../src/shared/contract'
import { appPlugins, FakeEngine } from './fakeEngine'
import { at, makeStatus, makeTicket } from './fixtures'

function makeConnection(overrides: Partial<ConnectionView> = {}): ConnectionView {
  return {
    config: {
      id: 'zendesk',
      system: 'zendesk',
      name: 'Acme Zendesk',
      baseUrl: 'https://acme.zendesk.com',
      watch: { kind: 'group', group: '360001' },
      pollIntervalMs: 10_000,
      startFrom: 'now',
      botAuthors: [],
      email: 'dana@acme.example'
    },
    hasToken: true,
    status: {
      state: 'connected',
      error: null,
      restarts: 0,
      stats: {
        delivered: 42,
        polls: 7,
        lastEventAt: at(5),
        lastPollAt: at(6),
        skipped: { deleted: 2, redacted: 1 },
        truncated: 0,
        attachments: 0,
        lastError: null
      }
    },
    watchedTickets: ['ZD-12', 'ZD-15'],
    ...overrides
  }
}

async function openConnections(engine: FakeEngine) {
  const wrapper = mount(WorkbenchApp, { global: { plugins: appPlugins(engine) }, attachTo: document.body })
  await flushPromises()
  await wrapper
    .findAll('[role="tab"]')
    .find((tab) => tab.text() === 'Connections')!
    .trigger('click')
  await flushPromises()
  return wrapper
}

type Workbench = Awaited<ReturnType<typeof openConnections>>
const button = (wrapper: Workbench, name: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === name)
  if (!found) throw new Error(`No button "${name}"`)
  return found
}
const click = async (wrapper: Workbench, name: string) => {
  await button(wrapper, name).trigger('click')
  await flushPromises()
}
const cards = (wrapper: Workbench) => wrapper.findAll('[data-testid="connection"]')

describe('connections screen', () => {
  it('lists each connection with what it watches and its status, and refreshes on engine.status', async () => {
    const engine = new FakeEngine()
    engine.tickets = [makeTicket({ id: 'ZD-12', subject: 'Printer jams' })]
    engine.connections = [
      makeConnection(),
      makeConnection({
        config: {
          id: 'rt',
          system: 'request-tracker',
          baseUrl: 'https://rt.example.com/rt',
          watch: { kind: 'tickets', ids: ['12', '15'] }
        },
        status: {
          state: 'retrying',
          error: 'The server answered 401: the token is not valid.',
          restarts: 3,
          stats: null
        },
        watchedTickets: []
      })
    ]
    const wrapper = await openConnections(engine)

    const [rt, zendesk] = cards(wrapper)
    expect(zendesk!.text()).toContain('Zendesk')
    expect(zendesk!.text()).toContain('Acme Zendesk')
    expect(zendesk!.get('[data-testid="connection-url"]').text()).toBe('https://acme.zendesk.com')
    expect(zendesk!.get('[data-testid="connection-watch"]').text()).toBe('Group / queue: 360001')
    const zendeskState = zendesk!.get('[data-testid="connection-state"]')
    expect(zendeskState.text()).toBe('Connected')
    expect(zendeskState.classes()).toContain('connected')
    const figures = zendesk!.get('[data-testid="connection-status"]').text()
    expect(figures).toMatch(/Delivered\s*42/)
    expect(figures).toMatch(/Skipped\s*3/)
    expect(figures).toContain('Last event')
    expect(figures).not.toContain('never')

    expect(rt!.text()).toContain('Request Tracker')
    expect(rt!.get('[data-testid="connection-watch"]').text()).toBe('Tickets 12, 15')
    expect(rt!.get('[data-testid="connection-state"]').classes()).toContain('retrying')
    expect(rt!.get('[data-testid="connection-error"]').text()).toBe(
      'The server answered 401: the token is not valid.'
    )
    expect(rt!.text()).toContain('3 restarts')

    engine.connections = [
      makeConnection({ status: { state: 'stopped', error: null, restarts: 0, stats: null } })
    ]
    engine.push({ event: 'engine.status', payload: makeStatus() })
    await flushPromises()
    expect(cards(wrapper)).toHaveLength(1)
    expect(wrapper.get('[data-testid="connection-state"]').text()).toBe('Stopped')
    wrapper.unmount()
  })

  it("shows the connector's last problem while it reads connected but no poll has succeeded since", async () => {
    const engine = new FakeEngine()
    const unreachable = 'Cannot reach Request Tracker at http://127.0.0.1:9/rt/REST/2.0 for GET /transactions'
    const stats = { delivered: 0, polls: 0, lastEventAt: null, lastPollAt: null, skipped: {} }
    engine.connections = [
      makeConnection({
        status: {
          state: 'connected',
          error: null,
          restarts: 0,
          stats: { ...stats, lastError: { problem: 'unreachable', message: unreachable, at: at(3) } }
        }
      })
    ]
    const wrapper = await openConnections(engine)
    expect(wrapper.get('[data-testid="connection-problem"]').text()).toBe(`Last problem: ${unreachable}`)

    // A poll that succeeded after the problem means it is over.
    engine.connections[0]!.status.stats = {
      ...stats,
      lastPollAt: at(4),
      lastError: { problem: 'unreachable', message: unreachable, at: at(3) }
    }
    engine.push({ event: 'engine.status', payload: makeStatus() })
    await flushPromises()
    expect(wrapper.find('[data-testid="connection-problem"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('opens a watched ticket in the Tickets tab', async () => {
    const engine = new FakeEngine()
    // The Tickets tab opened on the most recent ticket (T-7) at start; the connection's ticket is older.
    engine.tickets = [
      makeTicket({ id: 'ZD-12', subject: 'Printer jams', lastMessageAt: at(1) }),
      makeTicket({ id: 'T-7', lastMessageAt: at(5) })
    ]
    engine.connections = [makeConnection()]
    const wrapper = await openConnections(engine)
    await click(wrapper, 'ZD-12')
    await flushPromises()
    expect(wrapper.get('[role="tab"][aria-selected="true"]').text()).toBe('Tickets')
    expect(engine.callsTo('tickets.get')).toEqual([{ ticketId: 'T-7' }, { ticketId: 'ZD-12' }])
    expect(wrapper.get('[data-testid="conversation"] h2').text()).toBe('Printer jams')
    wrapper.unmount()
  })

  it('adds a connection: tests it with the typed token, then saves it and forgets the token', async () => {
    const engine = new FakeEngine()
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Add connection')
    await wrapper.get('select[name="system"]').setValue('zendesk')
    expect(wrapper.get<HTMLInputElement>('input[name="id"]').element.value).toBe('zendesk')
    await wrapper.get('input[name="name"]').setValue('Acme Zendesk')
    await wrapper.get('input[name="baseUrl"]').setValue('https://bad.example.com')
    await wrapper.get('input[name="email"]').setValue('dana@acme.example')
    await wrapper.get('input[name="token"]').setValue('tok-s3cret')
    await wrapper.get('input[name="watchKind"][value="group"]').setValue(true)
    await wrapper.get('input[name="group"]').setValue('360001')
    await wrapper.get('input[name="pollSeconds"]').setValue('30')
    await wrapper.get('textarea[name="botAuthors"]').setValue('autoresponder\nnoreply@acme.example')

    await click(wrapper, 'Test connection')
    expect(wrapper.get('[data-testid="connection-test-result"]').text()).toBe(
      'The server answered 401: the token is not valid.'
    )
    await wrapper.get('input[name="baseUrl"]').setValue('https://acme.zendesk.com')
    await click(wrapper, 'Test connection')
    expect(wrapper.get('[data-testid="connection-test-result"]').text()).toBe('Connected.')
    const expected = {
      config: {
        system: 'zendesk',
        id: 'zendesk',
        name: 'Acme Zendesk',
        baseUrl: 'https://acme.zendesk.com',
        watch: { kind: 'group', group: '360001' },
        pollIntervalMs: 30_000,
        startFrom: 'now',
        botAuthors: ['autoresponder', 'noreply@acme.example'],
        email: 'dana@acme.example'
      },
      token: 'tok-s3cret'
    }
    expect(engine.callsTo('connections.test').at(-1)).toEqual(expected)

    await click(wrapper, 'Save')
    expect(engine.callsTo('connections.save')).toEqual([expected])
    expect(wrapper.find('input[name="token"]').exists()).toBe(false)
    expect(cards(wrapper)).toHaveLength(1)
    expect(wrapper.html()).not.toContain('tok-s3cret')

    await click(wrapper, 'Edit')
    expect(wrapper.get<HTMLInputElement>('input[name="token"]').element.value).toBe('')
    expect(wrapper.get('[data-testid="token-stored"]').text()).toBe('A token is stored.')
    wrapper.unmount()
  })

  it("sends Chatwoot's account id as a number and its live switch", async () => {
    const engine = new FakeEngine()
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Add connection')
    expect(wrapper.find('input[name="accountId"]').exists()).toBe(false)
    await wrapper.get('select[name="system"]').setValue('chatwoot')
    await wrapper.get('input[name="baseUrl"]').setValue('https://chat.example.com')
    await wrapper.get('input[name="accountId"]').setValue('7')
    await wrapper.get('input[name="live"]').setValue(false)
    await click(wrapper, 'Save')
    expect(engine.callsTo('connections.save')[0]).toMatchObject({
      config: { system: 'chatwoot', id: 'chatwoot', accountId: 7, live: false }
    })
    expect(engine.callsTo('connections.save')[0]).not.toHaveProperty('token')
    wrapper.unmount()
  })

  it('marks every invalid field in place, in words, refuses to save, and clears each mark once fixed', async () => {
    const engine = new FakeEngine()
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Add connection')
    const problemOf = (name: string) =>
      wrapper
        .get(`[name="${name}"]`)
        .element.closest('label')!
        .querySelector('[data-testid="field-error"]')
        ?.textContent?.trim() ?? null
    const id = wrapper.get('input[name="id"]')
    await id.setValue('RT Local')
    await id.trigger('focusout')
    expect(problemOf('id')).toBe(
      'must be lower-case letters, digits and dashes, starting with a letter or digit, e.g. rt-local'
    )
    expect(id.attributes('aria-invalid')).toBe('true')
    // An untouched field is not marked before Save.
    expect(problemOf('baseUrl')).toBeNull()
    await wrapper.get('input[name="pollSeconds"]').setValue('1')
    await click(wrapper, 'Save')
    expect(engine.callsTo('connections.save')).toEqual([])
    expect(wrapper.get('[data-testid="connection-refusal"]').text()).toBe(
      'Nothing was saved: 3 fields need a fix.'
    )
    expect(problemOf('baseUrl')).toBe(
      'must be an http:// or https:// address without a user name or password, e.g. https://support.example.com'
    )
    expect(problemOf('pollSeconds')).toBe('must be 2 seconds or more')
    expect(document.activeElement).toBe(id.element)
    expect(wrapper.text()).not.toContain('Connection settings')

    await id.setValue('rt-local')
    expect(problemOf('id')).toBeNull()
    expect(id.attributes('aria-invalid')).toBeUndefined()
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(2)
    expect(wrapper.get('[data-testid="connection-refusal"]').text()).toBe(
      'Nothing was saved: 2 fields need a fix.'
    )
    await wrapper.get('input[name="baseUrl"]').setValue('http://127.0.0.1:8080')
    await wrapper.get('input[name="pollSeconds"]').setValue('10')
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(0)
    expect(wrapper.find('[data-testid="connection-refusal"]').exists()).toBe(false)
    await click(wrapper, 'Save')
    expect(engine.callsTo('connections.save')).toHaveLength(1)
    expect(cards(wrapper)).toHaveLength(1)
    wrapper.unmount()
  })

  it('refuses an id another connection uses, at the field', async () => {
    const engine = new FakeEngine()
    engine.connections = [makeConnection()]
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Add connection')
    await wrapper.get('input[name="id"]').setValue('zendesk')
    await wrapper.get('input[name="baseUrl"]').setValue('https://acme.zendesk.com')
    await click(wrapper, 'Test connection')
    expect(engine.callsTo('connections.test')).toEqual([])
    expect(wrapper.get('[data-testid="connection-refusal"]').text()).toBe(
      'Not tested: one field needs a fix.'
    )
    expect(wrapper.get('[data-testid="field-error"]').text()).toBe('is already used by another connection')
    wrapper.unmount()
  })

  it("shows the engine's refusal of a save, keeps the form open, and drops the message once the form changes", async () => {
    const engine = new FakeEngine()
    const refusal = 'connections.json could not be read: nothing is saved until it is fixed or removed.'
    engine.failures.set('connections.save', { code: 'BAD_INPUT', message: refusal })
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Add connection')
    await wrapper.get('input[name="baseUrl"]').setValue('https://rt.example.com')
    await click(wrapper, 'Save')
    expect(wrapper.get('[data-testid="connection-save-error"]').text()).toBe(refusal)
    expect(wrapper.find('form.connection-form').exists()).toBe(true)
    expect(cards(wrapper)).toHaveLength(0)
    await wrapper.get('input[name="name"]').setValue('RT')
    expect(wrapper.find('[data-testid="connection-save-error"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('removes a connection only after the person confirms', async () => {
    const engine = new FakeEngine()
    engine.connections = [makeConnection()]
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Remove')
    expect(engine.callsTo('connections.remove')).toEqual([])
    await click(wrapper, 'Cancel')
    expect(engine.callsTo('connections.remove')).toEqual([])
    expect(cards(wrapper)).toHaveLength(1)

    await click(wrapper, 'Remove')
    await click(wrapper, 'Yes, remove')
    expect(engine.callsTo('connections.remove')).toEqual([{ id: 'zendesk' }])
    expect(cards(wrapper)).toHaveLength(0)
    wrapper.unmount()
  })

  it('edits a connection and keeps its stored token when the token field is left empty', async () => {
    const engine = new FakeEngine()
    engine.connections = [makeConnection()]
    const wrapper = await openConnections(engine)
    await click(wrapper, 'Edit')
    expect(wrapper.get('[data-testid="token-stored"]').text()).toBe('A token is stored.')
    expect(wrapper.get<HTMLInputElement>('input[name="token"]').element.value).toBe('')
    expect(wrapper.get('input[name="id"]').attributes()).toHaveProperty('readonly')
    expect(wrapper.get<HTMLInputElement>('input[name="group"]').element.value).toBe('360001')

    await wrapper.get('input[name="name"]').setValue('Acme support desk')
    await click(wrapper, 'Save')
    const [sent] = engine.callsTo('connections.save') as Array<{ config: Record<string, unknown> }>
    expect(sent).not.toHaveProperty('token')
    expect(sent!.config).toMatchObject({
      id: 'zendesk',
      name: 'Acme support desk',
      email: 'dana@acme.example',
      watch: { kind: 'group', group: '360001' }
    })
    expect(engine.connections[0]!.hasToken).toBe(true)
    expect(cards(wrapper)[0]!.text()).toContain('Acme support desk')
    wrapper.unmount()
  })
})
