import { describe, expect, it } from 'vitest'
import type { PushEnvelope } from '../../src/shared/contract'
import type { Result } from '../../src/shared/errors'
import { broadcast, dispatchCall, type EventTarget } from '../../src/main/shell/policy/ipcDispatch'

/** A tiny engine that answers every call with what it received, and remembers what reached it. */
function echoEngine() {
  const received: { route: string; input: unknown }[] = []
  return {
    received,
    async call(route: string, input: unknown): Promise<Result<unknown>> {
      received.push({ route, input })
      return { ok: true, value: { route, input } }
    }
  }
}

describe('dispatchCall', () => {
  it('forwards a trusted call to the engine and returns its result', async () => {
    const engine = echoEngine()
    const result = await dispatchCall(engine, { trusted: true }, 'tickets.list', {})
    expect(result).toEqual({ ok: true, value: { route: 'tickets.list', input: {} } })
  })

  it('refuses an untrusted sender with FORBIDDEN, and the engine never sees the call', async () => {
    const engine = echoEngine()
    const result = await dispatchCall(engine, { trusted: false, reason: 'not ours' }, 'settings.update', {})
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Refused: not ours.' } })
    expect(engine.received).toEqual([])
  })

  it('refuses a route that is not a string', async () => {
    const result = await dispatchCall(echoEngine(), { trusted: true }, { evil: true }, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
  })

  it('turns an engine that throws into an INTERNAL error instead of a rejected IPC call', async () => {
    const throwing = {
      call: async (): Promise<Result<unknown>> => {
        throw new Error('disk on fire')
      }
    }
    const result = await dispatchCall(throwing, { trusted: true }, 'engine.status', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The engine failed: disk on fire' }
    })
  })
})

describe('broadcast', () => {
  const envelope = {
    event: 'knowledge.changed',
    payload: { team: 'cloud', entryId: 'k1', change: 'learned' }
  } satisfies PushEnvelope

  function window(options: { destroyed?: boolean; failing?: boolean } = {}) {
    const inbox: unknown[][] = []
    const target: EventTarget = {
      isDestroyed: () => options.destroyed ?? false,
      send(channel, sent) {
        if (options.failing) throw new Error('gone')
        inbox.push([channel, sent])
      }
    }
    return { inbox, target }
  }

  it('sends the envelope, and only the envelope, to every live window', () => {
    const overlay = window()
    const workbench = window()
    const closed = window({ destroyed: true })
    expect(broadcast([overlay.target, workbench.target, closed.target], 'vigil:event', envelope)).toBe(2)
    expect(overlay.inbox).toEqual([['vigil:event', envelope]])
    expect(workbench.inbox).toEqual([['vigil:event', envelope]])
    expect(closed.inbox).toEqual([])
  })

  it('keeps delivering when one window fails', () => {
    const failing = window({ failing: true })
    const healthy = window()
    expect(broadcast([failing.target, healthy.target], 'vigil:event', envelope)).toBe(1)
    expect(healthy.inbox).toHaveLength(1)
  })
})
