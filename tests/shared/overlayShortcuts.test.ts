import { describe, expect, it } from 'vitest'
import { macTypedCharacterProblem } from '../../src/shared/accelerator'
import { hostPlatform } from '../../src/shared/hostPlatform'
import {
  defaultOverlayShortcuts,
  defaultShortcutsFor,
  macOverlayShortcuts
} from '../../src/shared/overlayShortcuts'
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

describe('per-platform default shortcuts', () => {
  /** Runs `body` as if on `platform` (Node's process.platform, which the settings' defaults read). */
  function on<T>(platform: NodeJS.Platform, body: () => T): T {
    const real = Object.getOwnPropertyDescriptor(process, 'platform')!
    Object.defineProperty(process, 'platform', { ...real, value: platform })
    try {
      return body()
    } finally {
      Object.defineProperty(process, 'platform', real)
    }
  }

  it('tells a Mac from Node or from a browser, and anything else from neither', () => {
    expect(hostPlatform({ process: { platform: 'darwin' } })).toBe('mac')
    expect(hostPlatform({ process: { platform: 'win32' } })).toBe('other')
    expect(hostPlatform({ process: { platform: 'linux' } })).toBe('other')
    expect(
      hostPlatform({ navigator: { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/140' } })
    ).toBe('mac')
    expect(hostPlatform({ navigator: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140' } })).toBe(
      'other'
    )
  })

  it('on a Mac, defaults to Control+Command card shortcuts; elsewhere to Alt+Shift', () => {
    expect(on('darwin', () => defaultSettings().overlay.shortcuts)).toEqual(macOverlayShortcuts)
    expect(
      on('darwin', () => parseSettings({ overlay: { opacity: 0.8 } }).settings.overlay.shortcuts)
    ).toEqual(macOverlayShortcuts)
    expect(on('linux', () => defaultSettings().overlay.shortcuts)).toEqual(defaultOverlayShortcuts)
    expect(on('win32', () => defaultSettings().overlay.shortcuts)).toEqual(defaultOverlayShortcuts)
    expect(macOverlayShortcuts).toMatchObject({ next: 'Control+Command+Down', adopt: 'Control+Command+C' })
    // A shortcut the person set stays, whatever the platform's default.
    expect(
      on(
        'darwin',
        () => parseSettings({ overlay: { shortcuts: { adopt: 'F9' } } }).settings.overlay.shortcuts
      )
    ).toEqual({ ...macOverlayShortcuts, adopt: 'F9' })
  })

  it('the Mac defaults type no character, are valid and distinct; the Alt+Shift ones would type characters there', () => {
    const mac = defaultShortcutsFor('mac')
    for (const [action, keys] of Object.entries(mac)) {
      expect([action, macTypedCharacterProblem(keys)]).toEqual([action, null])
    }
    expect(
      settingsFieldIssues({ ...defaultSettings(), overlay: { ...defaultSettings().overlay, shortcuts: mac } })
    ).toEqual({})
    expect(macTypedCharacterProblem(defaultOverlayShortcuts.adopt)).toBe(
      'on a Mac, ⌥⇧C types a character: as a global shortcut it takes that character from every app (add ⌃ or ⌘)'
    )
    expect(macTypedCharacterProblem('Alt+7')).toMatch(/^on a Mac, ⌥7 types a character/)
    expect(macTypedCharacterProblem('Alt+Shift+Down'), 'an arrow types nothing').toBeNull()
    expect(macTypedCharacterProblem('Control+Alt+C'), 'with Control it types nothing').toBeNull()
    expect(defaultShortcutsFor('other')).toBe(defaultOverlayShortcuts)
  })
})
