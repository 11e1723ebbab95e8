/**
 * The overlay's own keys, used while the overlay has the keyboard (a browser tab, or the desktop overlay after a
 * click or the Ask shortcut). Pure: the page passes the key event's facts, the help panel lists {@link overlayKeys}.
 */

export type OverlayKeyAction =
  | 'next'
  | 'previous'
  | 'expand'
  | 'adopt'
  | 'dismiss'
  | 'snooze'
  | 'ask'
  | 'help'
  | 'escape'

/** Every key and what it does, in the order the help panel lists them. */
export const overlayKeys: ReadonlyArray<{ keys: string[]; action: OverlayKeyAction; label: string }> = [
  { keys: ['j', '↓'], action: 'next', label: 'Next card' },
  { keys: ['k', '↑'], action: 'previous', label: 'Previous card' },
  { keys: ['Enter', 'o'], action: 'expand', label: 'Open or close the card (text, why, sources)' },
  { keys: ['c'], action: 'adopt', label: 'Adopt: copy the card’s text (press twice on a flagged card)' },
  { keys: ['d', 'Delete'], action: 'dismiss', label: 'Dismiss the card' },
  { keys: ['s'], action: 'snooze', label: 'Snooze the card’s ticket' },
  { keys: ['/'], action: 'ask', label: 'Ask Vigil about the card’s ticket' },
  { keys: ['?'], action: 'help', label: 'Show or hide this help' },
  { keys: ['Esc'], action: 'escape', label: 'Close help, or leave the Ask field' }
]

const byKey: Record<string, OverlayKeyAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'expand',
  o: 'expand',
  c: 'adopt',
  d: 'dismiss',
  Delete: 'dismiss',
  s: 'snooze',
  '/': 'ask',
  '?': 'help',
  Escape: 'escape'
}

/** What a key event's target is, as far as the keys care. */
export interface KeyTarget {
  tagName: string
  /** An `<input>`'s type. */
  type?: string
  isContentEditable?: boolean
}

export interface KeyFacts {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  target: KeyTarget | null
}

const buttonInputs = new Set(['button', 'submit', 'reset', 'checkbox', 'radio'])

/** Whether keys typed at the target are text (an input, a text area, a select list, an editable element). */
function takesText(target: KeyTarget): boolean {
  const tag = target.tagName.toUpperCase()
  if (target.isContentEditable) return true
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  return tag === 'INPUT' && !buttonInputs.has((target.type ?? 'text').toLowerCase())
}

/** Whether Enter already does something at the target (presses a button, opens a summary, follows a link). */
function activates(target: KeyTarget): boolean {
  return ['BUTTON', 'A', 'SUMMARY', 'INPUT'].includes(target.tagName.toUpperCase())
}

/**
 * The action a key press asks for, or null to leave it to the page: keys with Ctrl, Cmd or Alt (browser and
 * global shortcuts), letters typed into a field, and Enter on a control that Enter already presses.
 */
export function keyAction(facts: KeyFacts): OverlayKeyAction | null {
  if (facts.ctrlKey || facts.metaKey || facts.altKey) return null
  const key = facts.key.length === 1 ? facts.key.toLowerCase() : facts.key
  const action = byKey[key]
  if (!action) return null
  const target = facts.target
  if (target && takesText(target)) return action === 'escape' ? 'escape' : null
  if (action === 'expand' && key === 'Enter' && target && activates(target)) return null
  return action
}
