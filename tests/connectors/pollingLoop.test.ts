import { describe, expect, it, vi } from 'vitest'
import type { ConnectorEvent } from '../../src/shared/events'
import { ConnectorCounters } from '../../src/main/engine/connectors/connectorCounters'
import { ConnectorError } from '../../src/main/engine/connectors/http/connectorError'
import { pollingLoop } from '../../src/main/engine/connectors/polling/pollingLoop'
import type { PolledEvent, PollingSource } from '../../src/main/engine/connectors/polling/pollingLoop'
import { WakeSignal } from '../../src/main/engine/connectors/polling/wakeSignal'

const resolved = (n: number): ConnectorEvent => ({
  type: 'ticket.resolved',
  eventId: `e${n}`,
  ticketId: 't',
  at: '2026-03-02T09:00:00.000Z'
})

/** Polls number the events 1..total; `script[poll]` may throw after `after` events of that poll. */
function scriptedSource(total: number, failures: Record<number, { after: number; error: Error }>) {
  let polls = 0
  const source: PollingSource<number> = {
    initialState: async () => 0,
    async *poll(state): AsyncGenerator<PolledEvent<number>, number> {
      const failure = failures[polls++]
      let position = state
      for (let n = 0; position < total; n++) {
        if (failure && n === failure.after) throw failure.error
        position++
        yield { event: resolved(position), state: position }
      }
      return position
    }
  }
  return { source, polls: () => polls }
}

async function take(generator: AsyncGenerator<{ event: ConnectorEvent; cursor: string }>, count: number) {
  const out: Array<{ event: ConnectorEvent; cursor: string }> = []
  for await (const delivery of generator) {
    out.push(delivery)
    if (out.length === count) break
  }
  return out
}

const codec = { decode: (text: string) => Number(text), encode: (state: number) => String(state) }

describe('pollingLoop', () => {
  it('waits and polls again after a transient failure, from where it was: nothing lost or repeated', async () => {
    const outage = new ConnectorError('down', { problem: 'unreachable' })
    const { source } = scriptedSource(5, { 0: { after: 2, error: outage } })
    const counters = new ConnectorCounters()
    const out = await take(
      pollingLoop(null, new AbortController().signal, { source, ...codec, intervalMs: 5, counters }),
      5
    )
    expect(out.map((d) => d.event.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5'])
    expect(out.map((d) => d.cursor)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('records the failure for the connections screen and clears it after a good poll', async () => {
    const outage = new ConnectorError('The server failed', { problem: 'server-error', status: 503 })
    const { source } = scriptedSource(2, { 0: { after: 0, error: outage } })
    const counters = new ConnectorCounters()
    const controller = new AbortController()
    const errorsSeen: unknown[] = []
    const run = (async () => {
      for await (const _ of pollingLoop(null, controller.signal, {
        source,
        ...codec,
        intervalMs: 5,
        counters
      })) {
        errorsSeen.push(counters.snapshot().lastError)
      }
    })()
    await vi.waitFor(() => expect(counters.snapshot().polls).toBeGreaterThan(0))
    expect(errorsSeen[0]).toMatchObject({ problem: 'server-error', message: 'The server failed' })
    expect(counters.snapshot().lastError).toBeNull()
    controller.abort()
    await run
  })

  it('honours Retry-After before polling again', async () => {
    const limited = new ConnectorError('slow down', {
      problem: 'rate-limited',
      status: 429,
      retryAfterMs: 150
    })
    const { source } = scriptedSource(1, { 0: { after: 0, error: limited } })
    const started = performance.now()
    await take(
      pollingLoop(null, new AbortController().signal, {
        source,
        ...codec,
        intervalMs: 5,
        counters: new ConnectorCounters()
      }),
      1
    )
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('ends the stream with the error when a person must act (expired token), keeping the cursor', async () => {
    const expired = new ConnectorError('refused the token', { problem: 'bad-token', status: 401 })
    const { source } = scriptedSource(3, { 0: { after: 1, error: expired } })
    const counters = new ConnectorCounters()
    const seen: string[] = []
    const run = async () => {
      for await (const delivery of pollingLoop('0', new AbortController().signal, {
        source,
        ...codec,
        intervalMs: 5,
        counters
      }))
        seen.push(delivery.cursor)
    }
    await expect(run()).rejects.toBe(expired)
    expect(seen).toEqual(['1'])
    expect(counters.snapshot().lastError?.problem).toBe('bad-token')
  })

  it('drops an event delivered twice in one stream (a page that shifted), counting it', async () => {
    const source: PollingSource<number> = {
      initialState: async () => 0,
      async *poll(state) {
        if (state > 0) return state
        yield { event: resolved(1), state: 1 }
        yield { event: resolved(1), state: 2 }
        yield { event: resolved(2), state: 3 }
        return 3
      }
    }
    const counters = new ConnectorCounters()
    const out = await take(
      pollingLoop(null, new AbortController().signal, { source, ...codec, intervalMs: 5, counters }),
      2
    )
    expect(out.map((d) => [d.event.eventId, d.cursor])).toEqual([
      ['e1', '1'],
      ['e2', '3']
    ])
    expect(counters.snapshot().skipped).toEqual({ duplicate: 1 })
  })

  it('polls at once when a push channel wakes it', async () => {
    const wake = new WakeSignal()
    const { source, polls } = scriptedSource(0, {})
    const controller = new AbortController()
    const stream = pollingLoop(null, controller.signal, {
      source,
      ...codec,
      intervalMs: 60_000,
      counters: new ConnectorCounters(),
      wake
    })
    const running = stream.next()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(polls()).toBe(1)
    wake.wake()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(polls()).toBe(2)
    controller.abort()
    expect(await running).toMatchObject({ done: true })
  })
})
