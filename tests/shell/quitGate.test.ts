import { describe, expect, it } from 'vitest'
import { createQuitGate } from '../../src/main/shell/policy/quitGate'

function quitEvent() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) }
  return event
}

describe('createQuitGate', () => {
  it('holds the quit until the engine has stopped, then quits once', async () => {
    let finishStop = (): void => {}
    let stops = 0
    let quits = 0
    const gate = createQuitGate({
      stop: () => {
        stops++
        return new Promise<void>((resolve) => (finishStop = resolve))
      },
      quit: () => quits++,
      onError: () => {}
    })
    const first = quitEvent()
    gate.onWillQuit(first)
    const impatient = quitEvent()
    gate.onWillQuit(impatient)
    expect([first.prevented, impatient.prevented, stops, quits]).toEqual([true, true, 1, 0])
    finishStop()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(quits).toBe(1)
    const final = quitEvent()
    gate.onWillQuit(final)
    expect(final.prevented).toBe(false)
  })

  it('still quits when stopping fails, and reports the failure', async () => {
    const errors: unknown[] = []
    let quits = 0
    const gate = createQuitGate({
      stop: () => Promise.reject(new Error('flush failed')),
      quit: () => quits++,
      onError: (error) => errors.push(error)
    })
    gate.onWillQuit(quitEvent())
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(quits).toBe(1)
    expect(errors).toHaveLength(1)
  })
})
