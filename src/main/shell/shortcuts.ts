/**
 * Global keyboard shortcuts: they work while another app (the ticketing tool) has the focus. Which keys do what
 * is decided in policy/globalShortcuts; this file hands Electron's `globalShortcut` to it and logs what failed.
 */
import { globalShortcut } from 'electron'
import type { Logger } from '../engine/host'
import type { OverlayShortcutAction, OverlayShortcuts } from '../../shared/overlayShortcuts'
import { registerOverlayShortcuts, shortcutsChanged } from './policy/globalShortcuts'

export interface Shortcuts {
  /** Registers the configured shortcuts again when they changed; taken ones are logged and otherwise harmless. */
  apply(shortcuts: OverlayShortcuts): void
  unregister(): void
}

export function createShortcuts(run: (action: OverlayShortcutAction) => void, logger: Logger): Shortcuts {
  let current: OverlayShortcuts | null = null
  return {
    apply(shortcuts) {
      if (!shortcutsChanged(current, shortcuts)) return
      current = { ...shortcuts }
      for (const problem of registerOverlayShortcuts(globalShortcut, shortcuts, run)) {
        logger.warn('A global shortcut could not be registered; use the tray menu or other keys', {
          shortcut: problem.accelerator,
          action: problem.action,
          problem: problem.message
        })
      }
    },
    unregister() {
      current = null
      globalShortcut.unregisterAll()
    }
  }
}
