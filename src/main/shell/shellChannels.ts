/**
 * The shell's own IPC capabilities besides the engine contract: keyboard focus for the overlay's ask box, the
 * model file dialog, and the save / open dialogs of team knowledge bundles. Every message is sender-checked like a contract call; the rules live in shell/policy.
 */
import { writeFile } from 'node:fs/promises'
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { ipcChannels } from '../../shared/ipcChannels'
import type { Logger } from '../engine/host'
import { senderFacts } from './ipcRouter'
import {
  bundleBytes,
  openBundleDialogOptions,
  readBundleFile,
  saveBundleDialogOptions
} from './policy/bundleFileDialog'
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

  const trusted = (event: IpcMainInvokeEvent, what: string): boolean => {
    const sender = checkSender(senderFacts(event, options.contents()), trust)
    if (!sender.trusted) logger.warn(`Refused to open the ${what} dialog`, { reason: sender.reason })
    return sender.trusted
  }
  const failure = (error: unknown) => ({ error: (error as Error).message })

  ipcMain.handle(ipcChannels.saveBundleFile, async (event, suggestedName: unknown, data: unknown) => {
    if (!trusted(event, 'bundle save')) return null
    const window = BrowserWindow.fromWebContents(event.sender)
    const dialogOptions = saveBundleDialogOptions(suggestedName)
    const chosen = window
      ? await dialog.showSaveDialog(window, dialogOptions)
      : await dialog.showSaveDialog(dialogOptions)
    if (chosen.canceled || !chosen.filePath) return null
    try {
      await writeFile(chosen.filePath, bundleBytes(data))
      return chosen.filePath
    } catch (error) {
      return failure(error)
    }
  })

  ipcMain.handle(ipcChannels.openBundleFile, async (event) => {
    if (!trusted(event, 'bundle open')) return null
    const window = BrowserWindow.fromWebContents(event.sender)
    const chosen = window
      ? await dialog.showOpenDialog(window, openBundleDialogOptions)
      : await dialog.showOpenDialog(openBundleDialogOptions)
    const path = pickedModelFile(chosen)
    return path ? readBundleFile(path).catch(failure) : null
  })

  return () => {
    ipcMain.removeAllListeners(ipcChannels.overlayFocus)
    ipcMain.removeHandler(ipcChannels.pickModelFile)
    ipcMain.removeHandler(ipcChannels.saveBundleFile)
    ipcMain.removeHandler(ipcChannels.openBundleFile)
  }
}
