/**
 * Keyboard accelerators in Electron's notation ("CommandOrControl+Shift+Space"): parsed, checked and shown in words.
 * Plain code, shared by the settings schema (a bad shortcut is refused with a reason), the desktop shell (which
 * registers them as global shortcuts) and the overlay's help panel (which lists them).
 */

export type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super'

export interface Accelerator {
  /** Modifiers in a fixed order, each once. */
  modifiers: Modifier[]
  /** The one key, in its canonical spelling ("Space", "K", "F8", "Down"). */
  key: string
}

const modifierNames: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super'
}
const modifierOrder: Modifier[] = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super']

const namedKeys = [
  'Plus',
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'PrintScreen'
]
const keyAliases: Record<string, string> = { enter: 'Return', esc: 'Escape', del: 'Delete' }
const keyNames = new Map<string, string>([
  ...namedKeys.map((name) => [name.toLowerCase(), name] as const),
  ...Object.entries(keyAliases)
])
// Punctuation Electron accepts as a key ("+" must be written Plus: it separates the parts).
const punctuation = new Set([...`)!@#$%^&*(:;=<,_->.?/~\`{][|\\}"'`])

/** The canonical spelling of one key, or null when Electron would not know it. */
function canonicalKey(part: string): string | null {
  if (/^[a-z0-9]$/i.test(part)) return part.toUpperCase()
  const functionKey = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(part)
  if (functionKey) return `F${functionKey[1]}`
  if (punctuation.has(part)) return part
  return keyNames.get(part.toLowerCase()) ?? null
}

export type AcceleratorResult = { ok: true; accelerator: Accelerator } | { ok: false; problem: string }

/** Parses an accelerator; the problem says in words what is wrong ("has no key", "Ctrl is given twice"). */
export function parseAccelerator(text: string): AcceleratorResult {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, problem: 'is empty' }
  const parts = trimmed.split('+').map((part) => part.trim())
  if (parts.some((part) => part === ''))
    return { ok: false, problem: 'has an empty part (write the + key as Plus)' }
  const modifiers: Modifier[] = []
  let key: string | null = null
  for (const part of parts) {
    const modifier = modifierNames[part.toLowerCase()]
    if (modifier) {
      if (key !== null) return { ok: false, problem: `puts ${part} after the key; modifiers come first` }
      if (modifiers.includes(modifier)) return { ok: false, problem: `gives ${part} twice` }
      modifiers.push(modifier)
      continue
    }
    const canonical = canonicalKey(part)
    if (canonical === null) return { ok: false, problem: `has an unknown key "${part}"` }
    if (key !== null) return { ok: false, problem: `has two keys (${key} and ${canonical}); use one` }
    key = canonical
  }
  if (key === null) return { ok: false, problem: 'has no key, only modifiers' }
  modifiers.sort((a, b) => modifierOrder.indexOf(a) - modifierOrder.indexOf(b))
  return { ok: true, accelerator: { modifiers, key } }
}

/**
 * What is wrong with a global shortcut, or null when it can be registered. A global shortcut works in every app,
 * so one without Control, Command, Alt or Super (a function key aside) would take a letter away from typing.
 */
export function globalShortcutProblem(text: string): string | null {
  const parsed = parseAccelerator(text)
  if (!parsed.ok) return parsed.problem
  const { modifiers, key } = parsed.accelerator
  const strong = modifiers.some((modifier) => modifier !== 'Shift')
  if (!strong && !/^F\d+$/.test(key)) {
    return 'needs Ctrl, Cmd, Alt or Super (a global shortcut without one would take the key from every app)'
  }
  return null
}

export type Platform = 'mac' | 'other'

/**
 * On a Mac, whether the shortcut is Option (with or without Shift) and a key that then types a character (Option+C
 * is ç, Option+Shift+C is Ç): registered globally, it takes that character from every app. Null when not; else the
 * reason in words. Command or Control with it, or a named key (an arrow, F5), types nothing.
 */
export function macTypedCharacterProblem(text: string): string | null {
  const parsed = parseAccelerator(text)
  if (!parsed.ok) return null
  const { modifiers, key } = parsed.accelerator
  const option = modifiers.some((modifier) => modifier === 'Alt' || modifier === 'AltGr')
  const other = modifiers.some((modifier) => !['Alt', 'AltGr', 'Shift'].includes(modifier))
  if (!option || other || keyNames.has(key.toLowerCase()) || /^F\d+$/.test(key)) return null
  return `on a Mac, ${formatAccelerator(text, 'mac')} types a character: as a global shortcut it takes that character from every app (add ⌃ or ⌘)`
}

/** The keys an accelerator means on a platform, as one comparable string ("Control+Shift+SPACE"). */
export function acceleratorIdentity(accelerator: Accelerator, platform: Platform): string {
  const modifiers = accelerator.modifiers.map((modifier): string => {
    if (modifier === 'CommandOrControl') return platform === 'mac' ? 'Command' : 'Control'
    // On a Mac, Super is the Command key and AltGr the Option key.
    if (platform === 'mac' && modifier === 'Super') return 'Command'
    if (platform === 'mac' && modifier === 'AltGr') return 'Alt'
    return modifier
  })
  return [...new Set(modifiers)].sort().concat(accelerator.key.toUpperCase()).join('+')
}

/** Whether two accelerators press the same keys on some platform ("CmdOrCtrl+K" and "Ctrl+K" do, off the Mac). */
export function sameKeys(a: string, b: string): boolean {
  const first = parseAccelerator(a)
  const second = parseAccelerator(b)
  if (!first.ok || !second.ok) return false
  return (['mac', 'other'] as const).some(
    (platform) =>
      acceleratorIdentity(first.accelerator, platform) === acceleratorIdentity(second.accelerator, platform)
  )
}

const macSymbols: Record<Modifier, string> = {
  CommandOrControl: '⌘',
  Command: '⌘',
  Control: '⌃',
  Alt: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
  Super: '⌘'
}
const macSymbolOrder = ['⌃', '⌥', '⇧', '⌘']
const otherNames: Record<Modifier, string> = {
  CommandOrControl: 'Ctrl',
  Command: 'Super',
  Control: 'Ctrl',
  Alt: 'Alt',
  AltGr: 'AltGr',
  Shift: 'Shift',
  Super: 'Super'
}
const keyWords: Record<string, string> = { Up: '↑', Down: '↓', Left: '←', Right: '→', Return: 'Enter' }

/** How the keys read on the platform: "Ctrl+Shift+Space", or "⇧⌘Space" on a Mac; the text itself when invalid. */
export function formatAccelerator(text: string, platform: Platform): string {
  const parsed = parseAccelerator(text)
  if (!parsed.ok) return text
  const { modifiers, key } = parsed.accelerator
  const shownKey = keyWords[key] ?? key
  // Apple's order: Control, Option, Shift, Command (⌃⌥⇧⌘), each symbol once.
  if (platform === 'mac') {
    const symbols = new Set(modifiers.map((modifier) => macSymbols[modifier]))
    return macSymbolOrder.filter((symbol) => symbols.has(symbol)).join('') + shownKey
  }
  return [...new Set(modifiers.map((modifier) => otherNames[modifier])), shownKey].join('+')
}
