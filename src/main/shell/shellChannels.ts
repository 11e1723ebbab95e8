/**
 * The shell's own IPC capabilities besides the engine contract: keyboard focus for the overlay's ask box, and the
 * model file dialog. Every message is sender-checked like a contract call; the rules live in shell/policy.
 */
import { BrowserWindow, dialog, ipcMain, type WebContents } from 'electron'
import { ipcChannels } from '../../shared/ipcChannels'
import type { Logger } from '../engine/host'
import { senderFacts } from './ipcRouter'
import { modelFileDialogOptions, pickedModelFile } from './policy/modelFileDialog'
import { applyFocusDecision, decideFocusRequest, type OverlayFocus } from './policy/overlayFocus'
import type { RendererTrust } from './policy/rendererSource'
import { checkSender } from './policy/senderTrust'

export interface ShellChannelsOptions {
  trust: RendererTrust
  /** Our windows' webContents, asked on every message. */
  contents: () => WebContents[]
  /** The overlay's webContents: the only sender allowed to move the overlay's focus. */
  overlayContents: () => WebContents | null
  overlayFocus: OverlayFocus
  logger: Logger
}

/** Registers the channels; returns the function that removes them again. */
export function registerShellChannels(options: ShellChannelsOptions): () => void {
  const { trust, logger } = options

  ipcMain.on(ipcChannels.overlayFocus, (event, wanted: unknown) => {
    const decision = decideFocusRequest({
      sender: checkSender(senderFacts(event, options.contents()), trust),
      fromOverlay: options.overlayContents()?.id === event.sender.id,
      wanted
    })
    const refused = applyFocusDecision(decision, options.overlayFocus)
    if (refused) logger.warn('Refused an overlay focus request', { reason: refused })
  })

  ipcMain.handle(ipcChannels.pickModelFile, async (event) => {
    const sender = checkSender(senderFacts(event, options.contents()), trust)
    if (!sender.trusted) {
      logger.warn('Refused to open the model file dialog', { reason: sender.reason })
      return null
    }
    const parent = BrowserWindow.fromWebContents(event.sender)
    const result = parent
      ? await dialog.showOpenDialog(parent, modelFileDialogOptions)
      : await dialog.showOpenDialog(modelFileDialogOptions)
    return pickedModelFile(result)
  })

  return () => {
    ipcMain.removeAllListeners(ipcChannels.overlayFocus)
    ipcMain.removeHandler(ipcChannels.pickModelFile)
  }
}
