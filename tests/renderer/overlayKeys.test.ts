import { describe, expect, it } from 'vitest'
import { keyAction, overlayKeys, type KeyFacts } from '../../src/renderer/src/overlay/overlayKeys'

const on = (key: string, target: KeyFacts['target'] = { tagName: 'BODY' }, more: Partial<KeyFacts> = {}) =>
  keyAction({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...more })

describe('overlay keys', () => {
  it('maps the listed keys to their actions', () => {
    expect(
      ['j', 'ArrowDown', 'k', 'ArrowUp', 'o', 'c', 'd', 'Delete', 's', '/', '?', 'Escape'].map((key) =>
        on(key)
      )
    ).toEqual([
      'next',
      'next',
      'previous',
      'previous',
      'expand',
      'adopt',
      'dismiss',
      'dismiss',
      'snooze',
      'ask',
      'help',
      'escape'
    ])
    expect(on('J'), 'Caps Lock does not change a letter key').toBe('next')
    expect(on('x')).toBeNull()
  })

  it('leaves keys with Ctrl, Cmd or Alt to the browser and the global shortcuts', () => {
    expect(on('c', undefined, { ctrlKey: true })).toBeNull()
    expect(on('c', undefined, { metaKey: true })).toBeNull()
    expect(on('ArrowDown', undefined, { altKey: true })).toBeNull()
  })

  it('lets a text field have its letters; only Escape leaves it', () => {
    for (const target of [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true }
    ]) {
      expect(on('d', target)).toBeNull()
      expect(on('/', target)).toBeNull()
      expect(on('Escape', target)).toBe('escape')
    }
    expect(on('d', { tagName: 'INPUT', type: 'checkbox' }), 'a checkbox takes no text').toBe('dismiss')
  })

  it('leaves Enter to a button it would press, but opens the card from anywhere else', () => {
    expect(on('Enter', { tagName: 'BUTTON' })).toBeNull()
    expect(on('Enter', { tagName: 'SUMMARY' })).toBeNull()
    expect(on('Enter', { tagName: 'BODY' })).toBe('expand')
    expect(on('o', { tagName: 'BUTTON' })).toBe('expand')
  })

  it('does what the help says for every key the help lists, and nothing for a key it does not list', () => {
    const pressed: Record<string, string> = { '↓': 'ArrowDown', '↑': 'ArrowUp', Esc: 'Escape' }
    const listedKeys = new Set<string>()
    for (const row of overlayKeys) {
      for (const shown of row.keys) {
        const key = pressed[shown] ?? shown
        listedKeys.add(key)
        expect([shown, on(key)]).toEqual([shown, row.action])
      }
    }
    for (const key of [
      ...'abefghilmnpqrtuvwxyz0123456789',
      'ArrowLeft',
      'ArrowRight',
      'Backspace',
      'Home',
      'End'
    ]) {
      if (!listedKeys.has(key)) expect([key, on(key)]).toEqual([key, null])
    }
  })

  it('lists every action it maps in the help', () => {
    const listed = new Set(overlayKeys.map((row) => row.action))
    expect(listed).toEqual(
      new Set(['next', 'previous', 'expand', 'adopt', 'dismiss', 'snooze', 'ask', 'help', 'escape'])
    )
  })
})
