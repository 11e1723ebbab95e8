import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { ipcChannels, type PushEnvelope } from '../../src/shared/contract'
import { bridgeChannels, createBridge, type BridgeIpc } from '../../src/preload/bridge'

/** A stand-in for ipcRenderer: invoke answers from a table, events arrive through an EventEmitter. */
function fakeIpc() {
  const emitter = new EventEmitter()
  const invoked: unknown[][] = []
  const sent: unknown[][] = []
  let answer: unknown = { ok: true, value: 'answer' }
  const ipc: BridgeIpc = {
    async invoke(channel, ...args) {
      invoked.push([channel, ...args])
      return answer
    },
    send: (channel, ...args) => void sent.push([channel, ...args]),
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener)
  }
  return { ipc, emitter, invoked, sent, answerWith: (value: unknown) => (answer = value) }
}

const envelope: PushEnvelope = {
  event: 'knowledge.changed',
  payload: { team: 't', entryId: 'e', change: 'merged' }
}

describe('preload bridge', () => {
  it('uses the same channel names as the shared contract', () => {
    expect(bridgeChannels).toEqual(ipcChannels)
  })

  it('forwards call(route, input) as one invoke on the call channel', async () => {
    const { ipc, invoked } = fakeIpc()
    const result = await createBridge(ipc).call('tickets.get', { ticketId: 'T-1' })
    expect(result).toEqual({ ok: true, value: 'answer' })
    expect(invoked).toEqual([['vigil:call', 'tickets.get', { ticketId: 'T-1' }]])
  })

  it('passes listeners the envelope only, never the IPC event', () => {
    const { ipc, emitter } = fakeIpc()
    const received: unknown[][] = []
    createBridge(ipc).onEvent((...args) => received.push(args))
    emitter.emit('vigil:event', { sender: 'the IpcRendererEvent' }, envelope)
    expect(received).toEqual([[envelope]])
  })

  it('stops delivering after unsubscribe, and leaves no listener behind', () => {
    const { ipc, emitter } = fakeIpc()
    const received: unknown[] = []
    const unsubscribe = createBridge(ipc).onEvent((sent) => received.push(sent))
    unsubscribe()
    emitter.emit('vigil:event', {}, envelope)
    expect(received).toEqual([])
    expect(emitter.listenerCount('vigil:event')).toBe(0)
  })

  it('asks for and gives back the overlay focus on its own channel', () => {
    const { ipc, sent } = fakeIpc()
    const bridge = createBridge(ipc)
    bridge.requestFocus()
    bridge.releaseFocus()
    expect(sent).toEqual([
      ['vigil:overlay-focus', true],
      ['vigil:overlay-focus', false]
    ])
  })

  it('hands the page a chosen model path as a string, and anything else as null', async () => {
    const { ipc, invoked, answerWith } = fakeIpc()
    const bridge = createBridge(ipc)
    answerWith('/models/qwen.gguf')
    expect(await bridge.pickModelFile()).toBe('/models/qwen.gguf')
    expect(invoked.at(-1)).toEqual(['vigil:pick-model-file'])
    answerWith(null)
    expect(await bridge.pickModelFile()).toBeNull()
    answerWith({ path: '/etc/passwd' })
    expect(await bridge.pickModelFile()).toBeNull()
  })

  it('forwards the bundle dialogs and turns a file the shell could not use into an error', async () => {
    const { ipc, invoked, answerWith } = fakeIpc()
    const bridge = createBridge(ipc)
    answerWith('/home/ana/team.bundle')
    expect(await bridge.saveBundleFile('team.bundle', 'IyB2Mg==')).toBe('/home/ana/team.bundle')
    expect(invoked.at(-1)).toEqual(['vigil:save-bundle-file', 'team.bundle', 'IyB2Mg=='])
    answerWith({ name: 'team.bundle', data: 'IyB2Mg==' })
    expect(await bridge.openBundleFile()).toEqual({ name: 'team.bundle', data: 'IyB2Mg==' })
    answerWith(null)
    expect(await bridge.openBundleFile()).toBeNull()
    answerWith({ error: 'EACCES: permission denied' })
    await expect(bridge.openBundleFile()).rejects.toThrow('EACCES: permission denied')
    await expect(bridge.saveBundleFile('team.bundle', '')).rejects.toThrow('EACCES')
  })

  it('passes the page only known overlay commands from the shortcuts channel', () => {
    const { ipc, emitter } = fakeIpc()
    const received: unknown[][] = []
    const stop = createBridge(ipc).onOverlayCommand((...args) => received.push(args))
    emitter.emit('vigil:overlay-command', { sender: 'the IpcRendererEvent' }, 'next')
    emitter.emit('vigil:overlay-command', {}, 'format-disk')
    emitter.emit('vigil:overlay-command', {}, { command: 'adopt' })
    emitter.emit('vigil:overlay-command', {}, 'adopt')
    expect(received).toEqual([['next'], ['adopt']])
    stop()
    expect(emitter.listenerCount('vigil:overlay-command')).toBe(0)
  })
})
