import { describe, expect, it } from 'vitest'
import { defaultOverlayShortcuts } from '../../src/shared/overlayShortcuts'
import {
  applySettingsPatch,
  defaultSettings,
  InvalidSettingsError,
  parseSettings,
  settingsFieldIssues
} from '../../src/shared/settings'

const withShortcuts = (shortcuts: Record<string, string>) => {
  const settings = defaultSettings()
  return {
    ...settings,
    overlay: { ...settings.overlay, shortcuts: { ...settings.overlay.shortcuts, ...shortcuts } }
  }
}

describe('overlay settings: shortcuts, click-through', () => {
  it('defaults to a shortcut per action, click-through off', () => {
    const { overlay } = defaultSettings()
    expect(overlay.shortcuts).toEqual(defaultOverlayShortcuts)
    expect(overlay.clickThrough).toBe(false)
    expect(Object.keys(settingsFieldIssues(defaultSettings()))).toEqual([])
  })

  it('names the field and the problem of a shortcut Electron could not register', () => {
    expect(settingsFieldIssues(withShortcuts({ adopt: 'Ctrl+Banana', next: 'J' }))).toEqual({
      'overlay.shortcuts.adopt': '"Ctrl+Banana" has an unknown key "Banana"',
      'overlay.shortcuts.next':
        '"J" needs Ctrl, Cmd, Alt or Super (a global shortcut without one would take the key from every app)'
    })
  })

  it('marks both actions that share keys, each naming the other', () => {
    expect(settingsFieldIssues(withShortcuts({ dismiss: 'alt+shift+c' }))).toEqual({
      'overlay.shortcuts.adopt':
        '"Alt+Shift+C" is also the shortcut for "Dismiss the selected card"; give each action its own',
      'overlay.shortcuts.dismiss':
        '"alt+shift+c" is also the shortcut for "Adopt the selected card (copy its text)"; give each action its own'
    })
    expect(
      settingsFieldIssues(withShortcuts({ dismiss: 'Control+Shift+Space' })),
      'CmdOrCtrl is Control off the Mac'
    ).toHaveProperty(['overlay.shortcuts.dismiss'])
  })

  it('allows an action without a shortcut, and several without', () => {
    expect(settingsFieldIssues(withShortcuts({ adopt: '', dismiss: ' ' }))).toEqual({})
  })

  it('refuses a bad shortcut from the settings screen and keeps what was stored', () => {
    const current = defaultSettings()
    expect(() =>
      applySettingsPatch(current, {
        overlay: { shortcuts: { ...current.overlay.shortcuts, ask: 'Alt+Shift+C' } }
      })
    ).toThrow(InvalidSettingsError)
    const saved = applySettingsPatch(current, {
      overlay: { clickThrough: true, shortcuts: { ...current.overlay.shortcuts, ask: 'F9' } }
    })
    expect(saved.overlay).toMatchObject({
      clickThrough: true,
      opacity: 0.96,
      shortcuts: { ask: 'F9', toggle: 'CommandOrControl+Shift+Space' }
    })
  })

  it('a stored file with a bad shortcut keeps the others and warns', () => {
    const { settings, warnings } = parseSettings({ overlay: { shortcuts: { next: 'Q', toggle: 'F8' } } })
    expect(settings.overlay.shortcuts.next).toBe(defaultOverlayShortcuts.next)
    expect(settings.overlay.shortcuts.toggle).toBe('F8')
    expect(warnings).toEqual([expect.stringContaining('overlay.shortcuts.next')])
  })
})
