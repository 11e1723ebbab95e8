import { describe, expect, it } from 'vitest'
import {
  registerOverlayShortcuts,
  shortcutEffect,
  shortcutsChanged,
  type ShortcutRegistrar
} from '../../src/main/shell/policy/globalShortcuts'
import { defaultOverlayShortcuts, type OverlayShortcutAction } from '../../src/shared/overlayShortcuts'

/** Electron's globalShortcut as far as the shell uses it: some keys are taken by another app. */
function fakeRegistrar(taken: string[] = [], unparsable: string[] = []) {
  const registered = new Map<string, () => void>()
  let cleared = 0
  const registrar: ShortcutRegistrar = {
    register(accelerator, run) {
      if (unparsable.includes(accelerator)) throw new Error(`Failed to parse accelerator: ${accelerator}`)
      if (taken.includes(accelerator)) return false
      registered.set(accelerator, run)
      return true
    },
    unregisterAll() {
      cleared++
      registered.clear()
    }
  }
  return { registrar, registered, cleared: () => cleared }
}

describe('global shortcuts', () => {
  it('registers each configured shortcut to run its action', () => {
    const { registrar, registered } = fakeRegistrar()
    const ran: OverlayShortcutAction[] = []
    const problems = registerOverlayShortcuts(registrar, defaultOverlayShortcuts, (action) =>
      ran.push(action)
    )
    expect(problems).toEqual([])
    expect([...registered.keys()]).toEqual(Object.values(defaultOverlayShortcuts))
    registered.get('Alt+Shift+Down')!()
    registered.get('CommandOrControl+Shift+Space')!()
    expect(ran).toEqual(['next', 'toggle'])
  })

  it('replaces the old shortcuts, leaves out empty ones, and reports the ones it could not have', () => {
    const { registrar, registered, cleared } = fakeRegistrar(['Alt+Shift+C'], ['Ctrl+Bogus'])
    const problems = registerOverlayShortcuts(
      registrar,
      { ...defaultOverlayShortcuts, dismiss: '', ask: 'Ctrl+Bogus' },
      () => undefined
    )
    expect(cleared()).toBe(1)
    expect(registered.has('Alt+Shift+D')).toBe(false)
    expect(problems.map((problem) => [problem.action, problem.accelerator])).toEqual([
      ['adopt', 'Alt+Shift+C'],
      ['ask', 'Ctrl+Bogus']
    ])
    expect(problems[0]!.message).toContain('Settings › General › Overlay')
  })

  it('shows the overlay for card actions, focuses it only for Ask, and toggles it for show/hide', () => {
    expect(shortcutEffect('toggle')).toEqual({ toggle: true, show: false, focus: false, command: null })
    expect(shortcutEffect('next')).toEqual({ toggle: false, show: true, focus: false, command: 'next' })
    expect(shortcutEffect('adopt')).toEqual({ toggle: false, show: true, focus: false, command: 'adopt' })
    expect(shortcutEffect('ask')).toEqual({ toggle: false, show: true, focus: true, command: 'ask' })
  })

  it('re-registers only when a shortcut changed', () => {
    expect(shortcutsChanged(null, defaultOverlayShortcuts)).toBe(true)
    expect(shortcutsChanged(defaultOverlayShortcuts, { ...defaultOverlayShortcuts })).toBe(false)
    expect(shortcutsChanged(defaultOverlayShortcuts, { ...defaultOverlayShortcuts, ask: 'F9' })).toBe(true)
  })
})
