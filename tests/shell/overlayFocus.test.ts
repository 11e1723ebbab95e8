import { describe, expect, it } from 'vitest'
import {
  applyFocusDecision,
  createOverlayFocus,
  decideFocusRequest,
  type FocusableWindow
} from '../../src/main/shell/policy/overlayFocus'

/** A window that behaves like the overlay: focusable only after setFocusable(true), focused only then. */
function fakeWindow() {
  const state = { focusable: false, focused: false, destroyed: false }
  const window: FocusableWindow = {
    isDestroyed: () => state.destroyed,
    isFocused: () => state.focused,
    setFocusable(focusable) {
      state.focusable = focusable
    },
    focus() {
      if (state.focusable) state.focused = true
    },
    blur() {
      state.focused = false
    }
  }
  return { state, window }
}

const trusted = { trusted: true } as const

describe('decideFocusRequest', () => {
  it('lets the overlay claim and release its own focus', () => {
    expect(decideFocusRequest({ sender: trusted, fromOverlay: true, wanted: true })).toEqual({
      kind: 'claim'
    })
    expect(decideFocusRequest({ sender: trusted, fromOverlay: true, wanted: false })).toEqual({
      kind: 'release'
    })
  })

  it('refuses a sender that fails the sender check, even claiming to be the overlay', () => {
    const decision = decideFocusRequest({
      sender: { trusted: false, reason: 'the sender is an embedded frame' },
      fromOverlay: true,
      wanted: true
    })
    expect(decision).toEqual({ kind: 'refuse', reason: 'the sender is an embedded frame' })
  })

  it('refuses a trusted window other than the overlay (the workbench may not move the overlay focus)', () => {
    const decision = decideFocusRequest({ sender: trusted, fromOverlay: false, wanted: true })
    expect(decision).toMatchObject({ kind: 'refuse' })
  })

  it('refuses a payload that is not a boolean', () => {
    expect(decideFocusRequest({ sender: trusted, fromOverlay: true, wanted: 'yes' })).toMatchObject({
      kind: 'refuse'
    })
  })
})

describe('createOverlayFocus', () => {
  it('makes the overlay focusable and focuses it on claim, and unfocusable again on release', () => {
    const { state, window } = fakeWindow()
    const focus = createOverlayFocus(window)
    focus.claim()
    expect(state).toMatchObject({ focusable: true, focused: true })
    focus.release()
    expect(state).toMatchObject({ focusable: false, focused: false })
    expect(focus.claimed).toBe(false)
  })

  it('leaves the window alone on a release without a claim', () => {
    const { state, window } = fakeWindow()
    state.focusable = true
    createOverlayFocus(window).release()
    expect(state.focusable).toBe(true)
  })

  it('does nothing to a destroyed window', () => {
    const { state, window } = fakeWindow()
    state.destroyed = true
    createOverlayFocus(window).claim()
    expect(state.focusable).toBe(false)
  })

  it('applies a refused decision as no change and hands back the reason to log', () => {
    const { state, window } = fakeWindow()
    const focus = createOverlayFocus(window)
    expect(applyFocusDecision({ kind: 'refuse', reason: 'not the overlay' }, focus)).toBe('not the overlay')
    expect(state.focusable).toBe(false)
    expect(applyFocusDecision({ kind: 'claim' }, focus)).toBeNull()
    expect(state.focused).toBe(true)
  })
})
