/**
 * What the desktop shell asks the overlay page to do when a global shortcut is pressed. Kept free of any import so
 * that the sandboxed preload, which checks each command before the page sees it, can bundle it.
 */
export const overlayCommands = ['next', 'previous', 'adopt', 'dismiss', 'ask'] as const
export type OverlayCommand = (typeof overlayCommands)[number]

export const isOverlayCommand = (value: unknown): value is OverlayCommand =>
  typeof value === 'string' && (overlayCommands as readonly string[]).includes(value)
