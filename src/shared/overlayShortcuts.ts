/**
 * The overlay's global shortcuts: what each does, its default keys, and the settings schema that refuses a shortcut
 * Electron could not register or one that two actions share. An empty shortcut is allowed: that action has none.
 */
import { z } from 'zod'
import { globalShortcutProblem, sameKeys, type Platform } from './accelerator'
import { hostPlatform } from './hostPlatform'
import { overlayCommands } from './overlayCommands'

export type { OverlayCommand } from './overlayCommands'

/** Actions a global shortcut can run: `toggle` is the shell's own, the rest are overlay commands it forwards. */
export const overlayShortcutActions = ['toggle', ...overlayCommands] as const
export type OverlayShortcutAction = (typeof overlayShortcutActions)[number]

/** What each action does, in the words the help panel and the settings screen use. */
export const overlayShortcutLabels: Record<OverlayShortcutAction, string> = {
  toggle: 'Show or hide the overlay',
  next: 'Next card',
  previous: 'Previous card',
  adopt: 'Adopt the selected card (copy its text)',
  dismiss: 'Dismiss the selected card',
  ask: 'Ask Vigil (focus the question field)'
}

/**
 * Defaults off the Mac: one family (Alt+Shift) for the card actions, so they are easy to remember and rarely taken by a
 * browser or a ticketing tool; show/hide keeps the shortcut Vigil always had.
 */
export const defaultOverlayShortcuts: Record<OverlayShortcutAction, string> = {
  toggle: 'CommandOrControl+Shift+Space',
  next: 'Alt+Shift+Down',
  previous: 'Alt+Shift+Up',
  adopt: 'Alt+Shift+C',
  dismiss: 'Alt+Shift+D',
  ask: 'Alt+Shift+A'
}

/**
 * Defaults on macOS: Control+Command for the card actions. Option+Shift there types a character (Ç, Î, Å) and
 * Option+Shift+↑/↓ selects to a paragraph's start or end in every text field; a global shortcut takes its keys from
 * every app, so Alt+Shift defaults would cost a Mac user those characters and that selection. Control+Command with
 * these keys types nothing and is not a system shortcut (Control+Command+D is Look Up, so dismiss is X; Control+
 * Command+Space is the character viewer, so show/hide stays Command+Shift+Space).
 */
export const macOverlayShortcuts: Record<OverlayShortcutAction, string> = {
  toggle: 'CommandOrControl+Shift+Space',
  next: 'Control+Command+Down',
  previous: 'Control+Command+Up',
  adopt: 'Control+Command+C',
  dismiss: 'Control+Command+X',
  ask: 'Control+Command+A'
}

/** The default shortcuts on a platform. */
export const defaultShortcutsFor = (platform: Platform): Record<OverlayShortcutAction, string> =>
  platform === 'mac' ? macOverlayShortcuts : defaultOverlayShortcuts

const shortcut = (action: OverlayShortcutAction) =>
  z
    .string()
    .max(100)
    // The platform this runs on: the engine's, which is the desktop app's own (it registers the shortcuts).
    .default(() => defaultShortcutsFor(hostPlatform())[action])
    .superRefine((value, context) => {
      if (value.trim() === '') return
      const problem = globalShortcutProblem(value)
      if (problem) context.addIssue({ code: 'custom', message: `"${value}" ${problem}` })
    })

export const OverlayShortcuts = z
  .object(
    Object.fromEntries(overlayShortcutActions.map((action) => [action, shortcut(action)])) as Record<
      OverlayShortcutAction,
      ReturnType<typeof shortcut>
    >
  )
  .superRefine((shortcuts, context) => {
    // Both actions of a clash are marked, each naming the other: the analyst may have meant to change either.
    for (const action of overlayShortcutActions) {
      const keys = shortcuts[action]
      if (keys.trim() === '') continue
      const clash = overlayShortcutActions.find(
        (other) => other !== action && sameKeys(shortcuts[other], keys)
      )
      if (clash) {
        context.addIssue({
          code: 'custom',
          path: [action],
          message: `"${keys}" is also the shortcut for "${overlayShortcutLabels[clash]}"; give each action its own`
        })
      }
    }
  })
export type OverlayShortcuts = z.infer<typeof OverlayShortcuts>
