/** Per-ticket queues (in order per ticket, concurrent across tickets) and the global model-call limit. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { handOff, TicketQueues } from '../../../src/main/engine/scheduling/ticketQueues'
import { ModelGate } from '../../../src/main/engine/scheduling/modelGate'
import { scriptedModel } from '../../helpers/scriptedModel'

const later = () => {
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  return { gate, open }
}

describe('TicketQueues', () => {
  it("runs one ticket's tasks in order and other tickets' tasks meanwhile", async () => {
    const errors: unknown[] = []
    const queues = new TicketQueues((_key, error) => errors.push(error))
    const order: string[] = []
    const slow = later()
    queues.schedule('A', async () => {
      await slow.gate
      order.push('A1')
    })
    queues.schedule('A', async () => void order.push('A2'))
    const b = queues.schedule('B', async () => void order.push('B1'))
    await b.done
    expect(order).toEqual(['B1'])
    let idle = false
    const whenIdle = queues.whenIdle().then(() => (idle = true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(idle).toBe(false)
    slow.open()
    await whenIdle
    expect(order).toEqual(['B1', 'A1', 'A2'])
    expect(queues.busy).toBe(0)
    expect(errors).toEqual([])
  })

  it('goes on after a failed task and reports the failure once, to whoever waits or else the queue', async () => {
    const errors: unknown[] = []
    const queues = new TicketQueues((_key, error) => errors.push(error))
    const failed = queues.schedule('A', () => Promise.reject(new Error('boom')))
    const next = queues.schedule('A', async () => undefined)
    await expect(handOff([failed], Infinity)).rejects.toThrow('boom')
    await next.done
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toEqual([])
    queues.schedule('B', () => Promise.reject(new Error('unwatched')))
    await queues.whenIdle()
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors.map((error) => (error as Error).message)).toEqual(['unwatched'])
  })

  it('hands off: waits for fresh work up to its limit, never for a ticket already busy', async () => {
    const queues = new TicketQueues(() => undefined)
    const slow = later()
    const first = queues.schedule('A', () => slow.gate)
    const started = Date.now()
    await handOff([first], 50)
    expect(Date.now() - started).toBeLessThan(1_000)
    const behind = queues.schedule('A', async () => undefined)
    expect(behind.queued).toBe(true)
    await handOff([behind], Infinity) // Returns at once: A is behind anyway.
    slow.open()
    await queues.whenIdle()
  })
})

describe('ModelGate', () => {
  it('runs at most the limit of model calls at once and lets a waiter give up when its budget ends', async () => {
    const release = later()
    let running = 0
    let most = 0
    const model = scriptedModel({
      scope: async () => {
        running++
        most = Math.max(most, running)
        await release.gate
        running--
        return JSON.stringify({ needsHelp: true, kind: 'problem', analystHandling: false, reason: 'x' })
      }
    })
    const gate = new ModelGate(() => 2)
    const runtime = gate.wrap(model.runtime)!
    const scope = { name: 'scope.v1', schema: z.object({ needsHelp: z.boolean() }) }
    const system = { role: 'system' as const, content: 'You watch a live support chat.' }
    const calls = [1, 2, 3, 4].map(() => runtime.structured([system], scope))
    const budget = new AbortController()
    const late = gate.wrap(model.runtime, budget.signal)!.structured([system], scope)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(gate.active).toBe(2)
    budget.abort()
    await expect(late).rejects.toMatchObject({ code: 'LLM_ABORTED' })
    release.open()
    await Promise.all(calls)
    expect(most).toBe(2)
    expect(gate.active).toBe(0)
  })
})
