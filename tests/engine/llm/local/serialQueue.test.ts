import { describe, expect, it } from 'vitest'
import { SerialQueue } from '../../../../src/main/engine/llm/local/serialQueue'

const later = <T>(value: T, ms: number): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms))

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const queue = new SerialQueue()
    const log: string[] = []
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`)
      await later(null, ms)
      log.push(`end ${name}`)
      return name
    }
    expect(await Promise.all([queue.run(task('a', 20)), queue.run(task('b', 1))])).toEqual(['a', 'b'])
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b'])
  })

  it('releases a waiting caller on abort and never runs its task, while the queue goes on', async () => {
    const queue = new SerialQueue()
    const controller = new AbortController()
    let ran = false
    const first = queue.run(() => later('first', 30))
    const waiting = queue.run(async () => (ran = true), controller.signal)
    const third = queue.run(() => later('third', 1))
    controller.abort(new Error('not needed any more'))
    await expect(waiting).rejects.toThrow('not needed any more')
    expect(await first).toBe('first')
    expect(await third).toBe('third')
    expect(ran).toBe(false)
  })

  it('keeps going after a task fails', async () => {
    const queue = new SerialQueue()
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await queue.run(async () => 'next')).toBe('next')
  })
})
