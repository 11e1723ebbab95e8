/**
 * Keyboard focus for the overlay. The overlay window is created unfocusable so that it never steals focus from the
 * analyst's ticketing tool; the ask box asks for focus while the analyst types in it and gives it back after.
 * Pure: the shell feeds in who sent the message and a small window interface.
 */
import type { SenderCheck } from './senderTrust'

export type FocusDecision = { kind: 'claim' } | { kind: 'release' } | { kind: 'refuse'; reason: string }

export interface FocusRequest {
  /** The usual sender check (one of our windows, our page, its top frame). */
  sender: SenderCheck
  /** The message came from the overlay's own webContents: no other window may change the overlay's focus. */
  fromOverlay: boolean
  /** The message's payload: `true` to claim focus, `false` to release it; anything else is refused. */
  wanted: unknown
}

export function decideFocusRequest(request: FocusRequest): FocusDecision {
  if (!request.sender.trusted) return { kind: 'refuse', reason: request.sender.reason }
  if (!request.fromOverlay) return { kind: 'refuse', reason: 'only the overlay may ask for its own focus' }
  if (typeof request.wanted !== 'boolean')
    return { kind: 'refuse', reason: 'the request must be true or false' }
  return { kind: request.wanted ? 'claim' : 'release' }
}

/** The part of a BrowserWindow that focus handling needs. */
export interface FocusableWindow {
  isDestroyed(): boolean
  isFocused(): boolean
  setFocusable(focusable: boolean): void
  focus(): void
  blur(): void
}

export interface OverlayFocus {
  /** Makes the overlay focusable and focuses it. Safe to call again while claimed. */
  claim(): void
  /** Gives the focus up and makes the overlay unfocusable again. Does nothing when not claimed. */
  release(): void
  readonly claimed: boolean
}

export function createOverlayFocus(window: FocusableWindow): OverlayFocus {
  let claimed = false
  return {
    claim() {
      if (window.isDestroyed()) return
      if (!claimed) window.setFocusable(true)
      claimed = true
      window.focus()
    },
    release() {
      if (!claimed || window.isDestroyed()) return
      claimed = false
      // On macOS setFocusable(false) leaves a focused window focused, so the focus is given up explicitly.
      if (window.isFocused()) window.blur()
      window.setFocusable(false)
    },
    get claimed() {
      return claimed
    }
  }
}

/** Applies a decision; returns the refusal reason to log, or null. */
export function applyFocusDecision(decision: FocusDecision, focus: OverlayFocus): string | null {
  if (decision.kind === 'claim') focus.claim()
  else if (decision.kind === 'release') focus.release()
  else return decision.reason
  return null
}
