/**
 * The overlay's global shortcuts as data: which keys run which action, and what the shell does for each. Pure: the
 * Electron side (shell/shortcuts.ts) passes in `globalShortcut` as a {@link ShortcutRegistrar}.
 */
import {
  overlayShortcutActions,
  overlayShortcutLabels,
  type OverlayCommand,
  type OverlayShortcutAction,
  type OverlayShortcuts
} from '../../../shared/overlayShortcuts'

/** The part of Electron's `globalShortcut` the shell uses. */
export interface ShortcutRegistrar {
  /** False when the keys are taken (by another app, or the system) or not understood. */
  register(accelerator: string, run: () => void): boolean
  unregisterAll(): void
}

/** What pressing a shortcut does to the overlay window, and the command its page then runs. */
export interface ShortcutEffect {
  /** Show the overlay if hidden, or hide it if shown (and nothing else). */
  toggle: boolean
  /** Show the overlay (without taking focus) before the page acts: acting on cards nobody sees helps no one. */
  show: boolean
  /** Give the overlay keyboard focus (the Ask field is typed into). */
  focus: boolean
  /** The command forwarded to the overlay page; null for toggle. */
  command: OverlayCommand | null
}

export function shortcutEffect(action: OverlayShortcutAction): ShortcutEffect {
  if (action === 'toggle') return { toggle: true, show: false, focus: false, command: null }
  return { toggle: false, show: true, focus: action === 'ask', command: action }
}

export interface ShortcutProblem {
  action: OverlayShortcutAction
  accelerator: string
  /** In words, for the log: the analyst can pick other keys in the settings. */
  message: string
}

/**
 * Replaces every registered shortcut with the configured ones (an empty one is left out). Returns the ones that could
 * not be registered: taken by another application, most often.
 */
export function registerOverlayShortcuts(
  registrar: ShortcutRegistrar,
  shortcuts: OverlayShortcuts,
  run: (action: OverlayShortcutAction) => void
): ShortcutProblem[] {
  registrar.unregisterAll()
  const problems: ShortcutProblem[] = []
  for (const action of overlayShortcutActions) {
    const accelerator = shortcuts[action].trim()
    if (accelerator === '') continue
    let registered = false
    try {
      registered = registrar.register(accelerator, () => run(action))
    } catch {
      // Electron throws on keys it cannot parse; the settings schema refuses those, but a stored file may hold one.
      registered = false
    }
    if (!registered) {
      problems.push({
        action,
        accelerator,
        message: `${accelerator} (${overlayShortcutLabels[action]}) is taken by another application or not available; choose other keys in Settings › General › Overlay`
      })
    }
  }
  return problems
}

/** Whether two shortcut sets differ, so settings saves that leave them alone do not re-register anything. */
export function shortcutsChanged(before: OverlayShortcuts | null, after: OverlayShortcuts): boolean {
  return before === null || overlayShortcutActions.some((action) => before[action] !== after[action])
}
