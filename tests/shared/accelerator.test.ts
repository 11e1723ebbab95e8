import { describe, expect, it } from 'vitest'
import {
  formatAccelerator,
  globalShortcutProblem,
  parseAccelerator,
  sameKeys
} from '../../src/shared/accelerator'

describe('accelerators', () => {
  it('parses modifiers and one key in canonical spelling and order', () => {
    expect(parseAccelerator('shift+cmdorctrl+space')).toEqual({
      ok: true,
      accelerator: { modifiers: ['CommandOrControl', 'Shift'], key: 'Space' }
    })
    expect(parseAccelerator('Alt+Shift+down')).toEqual({
      ok: true,
      accelerator: { modifiers: ['Alt', 'Shift'], key: 'Down' }
    })
    expect(parseAccelerator('Ctrl+f12')).toMatchObject({ ok: true, accelerator: { key: 'F12' } })
    expect(parseAccelerator('Option+Esc')).toMatchObject({
      ok: true,
      accelerator: { modifiers: ['Alt'], key: 'Escape' }
    })
  })

  it('says what is wrong with a bad one', () => {
    expect(parseAccelerator('')).toEqual({ ok: false, problem: 'is empty' })
    expect(parseAccelerator('Ctrl+Shift')).toEqual({ ok: false, problem: 'has no key, only modifiers' })
    expect(parseAccelerator('Ctrl+Banana')).toEqual({ ok: false, problem: 'has an unknown key "Banana"' })
    expect(parseAccelerator('Ctrl+A+B')).toEqual({ ok: false, problem: 'has two keys (A and B); use one' })
    expect(parseAccelerator('Ctrl+Control+A')).toEqual({ ok: false, problem: 'gives Control twice' })
    expect(parseAccelerator('A+Ctrl')).toEqual({
      ok: false,
      problem: 'puts Ctrl after the key; modifiers come first'
    })
    expect(parseAccelerator('Ctrl++')).toMatchObject({ ok: false, problem: expect.stringContaining('Plus') })
  })

  it('refuses a global shortcut that would take a key from typing', () => {
    expect(globalShortcutProblem('K')).toMatch(/needs Ctrl, Cmd, Alt or Super/)
    expect(globalShortcutProblem('Shift+K')).toMatch(/needs Ctrl, Cmd, Alt or Super/)
    expect(globalShortcutProblem('F9')).toBeNull()
    expect(globalShortcutProblem('Alt+Shift+K')).toBeNull()
    expect(globalShortcutProblem('Ctrl+Nope')).toBe('has an unknown key "Nope"')
  })

  it('knows when two spellings press the same keys on some platform', () => {
    expect(sameKeys('CmdOrCtrl+K', 'Control+K')).toBe(true)
    expect(sameKeys('CmdOrCtrl+K', 'Command+K')).toBe(true)
    expect(sameKeys('Shift+Alt+k', 'Alt+Shift+K')).toBe(true)
    expect(sameKeys('Super+K', 'Command+K'), 'Super is Command on a Mac').toBe(true)
    expect(sameKeys('Control+K', 'Alt+K')).toBe(false)
    expect(sameKeys('Control+K', 'nonsense')).toBe(false)
  })

  it('shows keys the way each platform writes them', () => {
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'other')).toBe('Ctrl+Shift+Space')
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'mac')).toBe('⇧⌘Space')
    // Apple's order of the symbols, whatever the order typed.
    expect(formatAccelerator('Command+Control+Down', 'mac')).toBe('⌃⌘↓')
    expect(formatAccelerator('Shift+Alt+C', 'mac')).toBe('⌥⇧C')
    expect(formatAccelerator('Alt+Shift+Down', 'other')).toBe('Alt+Shift+↓')
    expect(formatAccelerator('not+valid+keys', 'other')).toBe('not+valid+keys')
  })
})
