/** Global keyboard shortcuts: they work while another app (the ticketing tool) has the focus. */
import { globalShortcut } from 'electron'
import type { Logger } from '../engine/host'

/** Shows or hides the overlay. */
export const toggleOverlayShortcut = 'CommandOrControl+Shift+Space'

/** Registers the shortcuts; another app may already own one, which is logged and otherwise harmless. */
export function registerShortcuts(toggleOverlay: () => void, logger: Logger): void {
  if (!globalShortcut.register(toggleOverlayShortcut, toggleOverlay)) {
    logger.warn('The overlay shortcut is taken by another application; use the tray menu instead', {
      shortcut: toggleOverlayShortcut
    })
  }
}

export function unregisterShortcuts(): void {
  globalShortcut.unregisterAll()
}
