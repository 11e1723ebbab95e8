/** Electron IPC ⇄ engine: one handler for every contract route, one channel for every pushed event. */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { ipcChannels } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import type { Logger } from '../engine/host'
import type { Engine } from '../engine/types'
import { broadcast, dispatchCall } from './policy/ipcDispatch'
import type { RendererTrust } from './policy/rendererSource'
import { checkSender, type SenderFacts } from './policy/senderTrust'

export interface IpcRouterOptions {
  engine: Engine
  trust: RendererTrust
  /** Our windows' webContents, asked on every message (windows come and go). */
  contents: () => WebContents[]
  logger: Logger
  /** Sees every result after it is computed (the shell follows settings changes this way). */
  onResult?: (route: unknown, result: Result<unknown>) => void
}

/** Registers the router; returns the function that removes it again. */
export function registerIpcRouter(options: IpcRouterOptions): () => void {
  const { engine, trust, logger } = options
  ipcMain.handle(ipcChannels.call, async (event, route: unknown, input: unknown) => {
    const sender = checkSender(senderFacts(event, options.contents()), trust)
    if (!sender.trusted) {
      logger.warn('Refused an IPC call', {
        route: typeof route === 'string' ? route : '?',
        reason: sender.reason
      })
    }
    const result = await dispatchCall(engine, sender, route, input)
    options.onResult?.(route, result)
    return result
  })
  const unsubscribe = engine.onEvent((envelope) => {
    broadcast(options.contents(), ipcChannels.event, envelope)
  })
  return () => {
    ipcMain.removeHandler(ipcChannels.call)
    unsubscribe()
  }
}

/** What an IPC message tells about its sender, for {@link checkSender}. */
export function senderFacts(event: IpcMainEvent | IpcMainInvokeEvent, ours: WebContents[]): SenderFacts {
  const frame = event.senderFrame
  return {
    fromOurWindow: ours.some((contents) => contents.id === event.sender.id),
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null
  }
}
