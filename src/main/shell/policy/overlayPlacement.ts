/**
 * Where the overlay goes on each display: the position and size the analyst left it at on that display, kept inside
 * the display's work area, or the configured corner the first time. Pure: the shell feeds in Electron's displays and
 * stores what {@link rememberPlacement} returns.
 */
import { z } from 'zod'
import { defaultOverlaySize, overlayBounds, type OverlayCorner, type Rectangle } from './overlayGeometry'

/** The smallest overlay that still shows a card and the Ask field. */
export const minimumOverlaySize = { width: 300, height: 240 }

/** Displays remembered at most; the ones not seen for longest are forgotten first. */
export const maxRememberedDisplays = 12

export interface DisplayFacts {
  id: number
  /** The whole display, for telling displays apart. */
  bounds: Rectangle
  /** The display minus task bars and docks: where the overlay may go. */
  workArea: Rectangle
}

const Rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive()
})
/** What is stored: bounds by display key, most recently used last. */
export const SavedPlacements = z.record(z.string(), Rect)
export type SavedPlacements = z.infer<typeof SavedPlacements>

/**
 * A display's key: its id and resolution, so a different monitor that gets the same id (after a reboot, or on
 * another dock) does not inherit bounds made for another size.
 */
export function displayKey(display: DisplayFacts): string {
  return `${display.id}:${display.bounds.width}x${display.bounds.height}`
}

/** Moves and shrinks bounds so that they lie wholly inside the work area, no smaller than the minimum if it fits. */
export function keepOnScreen(bounds: Rectangle, workArea: Rectangle): Rectangle {
  const width = Math.min(Math.max(bounds.width, minimumOverlaySize.width), workArea.width)
  const height = Math.min(Math.max(bounds.height, minimumOverlaySize.height), workArea.height)
  const x = Math.min(Math.max(bounds.x, workArea.x), workArea.x + workArea.width - width)
  const y = Math.min(Math.max(bounds.y, workArea.y), workArea.y + workArea.height - height)
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }
}

/** The overlay's bounds on a display: the remembered ones kept on screen, else the corner's. */
export function placeOverlay(
  saved: SavedPlacements,
  display: DisplayFacts,
  corner: OverlayCorner
): Rectangle {
  const remembered = saved[displayKey(display)]
  if (remembered) return keepOnScreen(remembered, display.workArea)
  return overlayBounds(display.workArea, corner, defaultOverlaySize)
}

/** The saved placements with these bounds remembered for the display (moved to the end: most recent). */
export function rememberPlacement(
  saved: SavedPlacements,
  display: DisplayFacts,
  bounds: Rectangle
): SavedPlacements {
  const key = displayKey(display)
  const { [key]: _previous, ...others } = saved
  const kept = Object.entries(others).slice(-(maxRememberedDisplays - 1))
  return { ...Object.fromEntries(kept), [key]: keepOnScreen(bounds, display.workArea) }
}

/** The saved placements without the display's: it goes back to the configured corner. */
export function forgetPlacement(saved: SavedPlacements, display: DisplayFacts): SavedPlacements {
  const { [displayKey(display)]: _forgotten, ...others } = saved
  return others
}

/** The display holding most of the bounds; null when they lie on none (the display was removed). */
export function displayMatching(displays: readonly DisplayFacts[], bounds: Rectangle): DisplayFacts | null {
  let best: DisplayFacts | null = null
  let bestArea = 0
  for (const display of displays) {
    const area = overlap(display.bounds, bounds)
    if (area > bestArea) {
      best = display
      bestArea = area
    }
  }
  return best
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

/** Reads stored placements; anything unreadable gives none (the corners are used) and says why. */
export function parseSavedPlacements(raw: unknown): { saved: SavedPlacements; problem: string | null } {
  if (raw === undefined || raw === null) return { saved: {}, problem: null }
  const parsed = SavedPlacements.safeParse(raw)
  if (parsed.success) return { saved: parsed.data, problem: null }
  return { saved: {}, problem: 'the saved overlay positions are not valid; the overlay starts in its corner' }
}
