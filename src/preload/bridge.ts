/**
 * `window.vigil`, built over the few ipcRenderer methods it uses so that it can be tested without Electron. It
 * forwards the contract and the shell's few capabilities, nothing else: no Electron object, and no IPC event, ever
 * reaches the page.
 */
import type { VigilBridgeApi } from '../shared/bridgeApi'
import type { PushEnvelope } from '../shared/contract'
import type { Result } from '../shared/errors'
// Not from contract.ts: that loads zod at run time, which a sandboxed preload cannot require.
import { ipcChannels as bridgeChannels } from '../shared/ipcChannels'
import { isOverlayCommand } from '../shared/overlayCommands'

export { bridgeChannels }

/** The part of Electron's `ipcRenderer` the bridge needs. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  send(channel: string, ...args: unknown[]): void
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export function createBridge(ipc: BridgeIpc): Required<VigilBridgeApi> {
  return {
    call: (route, input) => ipc.invoke(bridgeChannels.call, route, input) as Promise<Result<unknown>>,
    onEvent(listener) {
      const forward = (_event: unknown, envelope: unknown): void => listener(envelope as PushEnvelope)
      ipc.on(bridgeChannels.event, forward)
      return () => {
        ipc.removeListener(bridgeChannels.event, forward)
      }
    },
    requestFocus: () => ipc.send(bridgeChannels.overlayFocus, true),
    releaseFocus: () => ipc.send(bridgeChannels.overlayFocus, false),
    onOverlayCommand(listener) {
      // Only a known command reaches the page; anything else on the channel is dropped here.
      const forward = (_event: unknown, command: unknown): void => {
        if (isOverlayCommand(command)) listener(command)
      }
      ipc.on(bridgeChannels.overlayCommand, forward)
      return () => {
        ipc.removeListener(bridgeChannels.overlayCommand, forward)
      }
    },
    async pickModelFile() {
      const picked = await ipc.invoke(bridgeChannels.pickModelFile)
      return typeof picked === 'string' && picked !== '' ? picked : null
    },
    async saveBundleFile(suggestedName, data) {
      const saved = await ipc.invoke(bridgeChannels.saveBundleFile, String(suggestedName), String(data))
      failed(saved)
      return typeof saved === 'string' && saved !== '' ? saved : null
    },
    async openBundleFile() {
      const opened = (await ipc.invoke(bridgeChannels.openBundleFile)) as {
        name?: unknown
        data?: unknown
      } | null
      failed(opened)
      return opened && typeof opened.name === 'string' && typeof opened.data === 'string'
        ? { name: opened.name, data: opened.data }
        : null
    }
  }
}

/** The shell answers a file it could not write or read with `{ error }`: thrown here, for the page to show. */
function failed(answer: unknown): void {
  const error = (answer as { error?: unknown } | null)?.error
  if (typeof error === 'string') throw new Error(error)
}
