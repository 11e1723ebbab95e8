/** Where the overlay sits on screen. Pure: the Electron window code feeds it the display's work area. */
import type { Settings } from '../../../shared/settings'

export type OverlayCorner = Settings['overlay']['corner']

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export interface OverlaySize {
  width: number
  height: number
}

/** The overlay's preferred size in pixels (device-independent). */
export const defaultOverlaySize: OverlaySize = { width: 380, height: 560 }

/** Gap between the overlay and the edges of the work area, in pixels. */
export const defaultOverlayMargin = 16

/**
 * The overlay's bounds in the given corner of a display's work area (the screen minus task bar and dock).
 * The work area may start at negative coordinates (a monitor left of the primary one) or be offset by a task bar
 * at the top or left. The overlay shrinks to fit a small work area, and never leaves it.
 */
export function overlayBounds(
  workArea: Rectangle,
  corner: OverlayCorner,
  size: OverlaySize = defaultOverlaySize,
  margin: number = defaultOverlayMargin
): Rectangle {
  const gap = Math.max(0, Math.min(margin, Math.floor(workArea.width / 4), Math.floor(workArea.height / 4)))
  const width = Math.max(1, Math.round(Math.min(size.width, workArea.width - 2 * gap)))
  const height = Math.max(1, Math.round(Math.min(size.height, workArea.height - 2 * gap)))
  const left = workArea.x + gap
  const right = workArea.x + workArea.width - gap - width
  const top = workArea.y + gap
  const bottom = workArea.y + workArea.height - gap - height
  const x = corner.endsWith('left') ? left : right
  const y = corner.startsWith('top') ? top : bottom
  return { x: Math.round(x), y: Math.round(y), width, height }
}
